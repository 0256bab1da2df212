"""Django's side of the edge cache: which pages it tags for Varnish, and the purge it sends after
every content change, to a real HTTP server on loopback (the full Varnish run is
tests/test_edge.py)."""

import datetime
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from iopguide.core import edge
from iopguide.core.cache import content_changed
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide import workflow
from iopguide.guide.tests.factories import ArticleFactory, UserFactory
from tests.loopback import free_port

pytestmark = pytest.mark.django_db


class FakeVarnish(ThreadingHTTPServer):
    """Answers PURGE with 200 and remembers each request's xkey-purge header."""

    def __init__(self, port: int = 0):
        self.purged: list[str] = []
        self.received = threading.Event()
        super().__init__(("127.0.0.1", port), _PurgeHandler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append(self.headers.get("xkey-purge"))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.received.set()

    def log_message(self, *args):
        pass


@pytest.fixture
def reviewer():
    return UserFactory(username="reviewer", role="Medical reviewer")


@pytest.fixture
def varnish(settings):
    server = FakeVarnish()
    settings.EDGE_PURGE_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def unreachable_edge(settings):
    url = f"http://127.0.0.1:{free_port()}/"
    settings.EDGE_PURGE_URLS = [url]
    settings.EDGE_PURGE_TIMEOUT = 0.2
    yield url
    edge._retries.forget(url)


def wait_for(condition, seconds=5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# Purging ---------------------------------------------------------------------------------


def test_a_content_change_purges_the_site_wide_tag(varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert varnish.purged == [edge.CONTENT_TAG]


def test_an_article_edit_purges_the_edge_only_once_committed(
    varnish, reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    varnish.purged.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.body = "Edited."
        workflow.save_article(article, reviewer)
    assert varnish.purged == []  # not committed yet: Varnish could refetch the old page
    for callback in callbacks:
        callback()
    assert varnish.purged


def test_hiding_a_listing_purges_the_edge(varnish, django_capture_on_commit_callbacks):
    facility = FacilityFactory()
    varnish.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        facility.hidden_by_editor = True
        facility.save()
    assert varnish.purged == [edge.CONTENT_TAG]


def test_without_an_edge_nothing_is_sent(settings, caplog):
    settings.EDGE_PURGE_URLS = []
    with caplog.at_level(logging.DEBUG, logger="iopguide.core.edge"):
        edge.purge_content()
    assert not caplog.records


def test_an_unreachable_edge_is_logged_and_the_change_still_saves(
    unreachable_edge, caplog, django_capture_on_commit_callbacks
):
    facility = FacilityFactory()
    with (
        caplog.at_level(logging.WARNING, logger="iopguide.core.edge"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        facility.notes = "Saved while the edge is down."
        facility.save()
    facility.refresh_from_db()
    assert facility.notes == "Saved while the edge is down."
    assert any("Edge purge failed" in record.getMessage() for record in caplog.records)
    assert unreachable_edge in edge._retries.pending()


def test_a_failed_purge_is_retried_until_the_edge_answers(unreachable_edge, caplog):
    with caplog.at_level(logging.INFO, logger="iopguide.core.edge"):
        edge.purge_content()
        server = FakeVarnish(port=int(unreachable_edge.rsplit(":", 1)[1].strip("/")))
        try:
            assert server.received.wait(timeout=5)
        finally:
            server.shutdown()
            server.server_close()
        assert wait_for(lambda: unreachable_edge not in edge._retries.pending())
    assert any("succeeded on retry" in record.getMessage() for record in caplog.records)


def test_a_purge_that_keeps_failing_is_given_up_with_an_error(unreachable_edge, settings, caplog):
    settings.EDGE_PURGE_RETRY_SECONDS = 0
    with caplog.at_level(logging.ERROR, logger="iopguide.core.edge"):
        edge.purge_content()
        assert wait_for(lambda: unreachable_edge not in edge._retries.pending())
    assert any("given up" in record.getMessage() for record in caplog.records)


# Tagging ---------------------------------------------------------------------------------


def test_a_shared_reader_page_is_tagged_for_the_edge(client, varnish, settings):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response["xkey"] == edge.CONTENT_TAG
    assert response["Surrogate-Control"] == f"max-age={settings.EDGE_CACHE_SECONDS}"


def test_a_page_served_from_the_shared_page_cache_is_tagged_too(client, varnish):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["xkey"] == edge.CONTENT_TAG


def test_the_edge_keeps_a_page_no_longer_than_the_next_scheduled_publication(
    client, varnish, reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    upcoming = ArticleFactory(draft=True)
    with django_capture_on_commit_callbacks(execute=True):  # the schedule is stored at commit
        workflow.publish(upcoming, reviewer, at=timezone.now() + datetime.timedelta(minutes=10))
    response = client.get(article.get_absolute_url())
    assert 0 < int(response["Surrogate-Control"].removeprefix("max-age=")) <= 601


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz", "/no-such-page/"])
def test_private_and_error_responses_are_never_tagged(client, varnish, path):
    assert "xkey" not in client.get(path)


def test_a_signed_in_editor_s_pages_are_never_tagged(client, varnish, reviewer):
    article = ArticleFactory()
    client.force_login(reviewer)
    assert "xkey" not in client.get(article.get_absolute_url())


def test_without_an_edge_pages_are_not_tagged(client, settings):
    settings.EDGE_PURGE_URLS = []
    assert "xkey" not in client.get(ArticleFactory().get_absolute_url())


# After a deploy ----------------------------------------------------------------------------


def test_purge_edge_purges_every_edge_cache(varnish):
    call_command("purge_edge", stdout=StringIO())
    assert varnish.purged == [edge.CONTENT_TAG]


def test_purge_edge_fails_loudly_when_an_edge_does_not_answer(unreachable_edge):
    with pytest.raises(CommandError, match="Not purged"):
        call_command("purge_edge", stdout=StringIO())
