import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.loopback import free_port

from .factories import UserFactory


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", role="Writer")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role="Medical reviewer")


@pytest.fixture
def directory_editor(db):
    return UserFactory(username="directory-editor", role="Directory editor")


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def change_url(article):
    return reverse("admin:guide_article_change", args=[article.pk])


def rows_data(prefix, rows):
    """What the form posts for a list edited as rows: each row's boxes in order, positions
    1, 2, 3..., and no blank row."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{index}-ORDER"] = index + 1
    return data


def admin_form_data(article, **changes):
    """What the article's admin form posts, with `changes` applied."""
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "language": article.language,
        "translation_of": article.translation_of_id or "",
        "section": article.section,
        "order": article.order,
        "body": article.body,
        "meta_title": article.meta_title,
        "summary": article.summary,
        "author": article.author,
        **rows_data("sources", article.sources),
        **rows_data("related", [{"article": slug} for slug in article.related]),
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "revision_message": "",
        "minor_change": "",
        "expected_version": article.version,
    }
    data.update(changes)
    return data


class _LinkSite(BaseHTTPRequestHandler):
    """A small site on loopback for the link checker: each path answers one way."""

    REDIRECTS = {
        "/moved": (301, "/moved-again"),
        "/moved-again": (301, "/ok"),
        "/temporary": (302, "/ok"),
        "/moved-to-missing": (301, "/missing"),
        "/loop-a": (302, "/loop-b"),
        "/loop-b": (302, "/loop-a"),
    }
    STATUS = {"/ok": 200, "/missing": 404, "/gone": 410, "/error": 500}

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body):
        site = self.server.site
        with site["lock"]:
            site["requests"].append((self.command, self.path, self.headers.get("User-Agent")))
            site["active"] += 1
            site["most_active"] = max(site["most_active"], site["active"])
        try:
            self._respond(body)
        finally:
            with site["lock"]:
                site["active"] -= 1

    def _respond(self, body):
        path = urlsplit(self.path).path
        if path.startswith("/chain/"):
            hop = int(path.rsplit("/", 1)[1])
            return self._send(302, location=f"/chain/{hop + 1}")
        if path in self.REDIRECTS:
            status, location = self.REDIRECTS[path]
            return self._send(status, location=location)
        if path == "/no-head" and self.command == "HEAD":
            return self._send(405)
        if path.startswith("/slow"):
            time.sleep(float(path.rsplit("/", 1)[1]))
            return self._send(200, body=body)
        if path == "/flaky":
            site = self.server.site
            with site["lock"]:
                site["flaky"] += 1
                failing = site["flaky"] <= 2  # the first HEAD and its GET
            return self._send(503 if failing else 200)
        self._send(self.STATUS.get(path, 200 if path == "/no-head" else 404), body=body)

    def _send(self, status, location=None, body=False):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        content = b"<p>A page.</p>" if body else b""
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if content:
            self.wfile.write(content)


@pytest.fixture
def link_site():
    """A real HTTP server on 127.0.0.1 (its own thread per request): {"url": base, "requests":
    [(method, path, user agent)], "most_active": highest number of requests at once}."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LinkSite)
    server.daemon_threads = True
    server.site = {"requests": [], "lock": threading.Lock(), "active": 0, "most_active": 0}
    server.site["flaky"] = 0
    server.site["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.site
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused, as with no network."""
    return free_port()
