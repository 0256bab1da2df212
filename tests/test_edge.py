"""The edge: Varnish with deploy/varnish/default.vcl in front of two gunicorn instances sharing
one database and one cache, all real processes on loopback ports the OS hands out.

Each change goes through a real path (the admin on one app server, the import command) and the
page must be fresh through Varnish and on the other app server straight after. The tests share
one topology and run in file order; the last one stops Varnish."""

import os
import re
import shutil
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from scripts.edge_topology import REPO, EdgeTopology

pytestmark = [
    pytest.mark.edge,
    pytest.mark.skipif(
        not (shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()),
        reason="varnishd is not installed (make varnish-deps)",
    ),
]

PASSWORD = "edge-test-password-7351"
SEED = f"""
from django.contrib.auth import get_user_model
from tests.browser.pages import create_reading_content, page_urls
content = create_reading_content()
users = get_user_model().objects
users.create_superuser("edge-admin", "admin@example.invalid", "{PASSWORD}")
users.create_superuser("locked-editor", "locked@example.invalid", "{PASSWORD}")
urls = page_urls(content)
print(content.article.pk, content.facilities[0].pk, urls["article"], urls["facility"], urls["city"])
"""
IMPORT_FILE = REPO / "iopguide" / "directory" / "tests" / "fixtures" / "findtreatment_slice.json"


def _database_url(workdir: Path) -> tuple[str, str | None]:
    """A database of this run's own: a PostgreSQL database beside the suite's when it runs on
    PostgreSQL (returned second, to drop), else an SQLite file."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{workdir / 'edge.sqlite3'}", None
    import psycopg

    name = f"{urlsplit(base).path.lstrip('/') or 'iopguide'}_edgetest_{os.getpid()}"
    admin_url = urlsplit(base)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlsplit(base)._replace(path=f"/{name}").geturl(), name


def _drop_database(name: str) -> None:
    import psycopg

    admin_url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """The running topology and the seeded content's addresses."""

    def __init__(self, topology: EdgeTopology, seeded: list[str]):
        self.topology = topology
        self.article_pk, self.facility_pk = seeded[0], seeded[1]
        self.article, self.facility, self.city = seeded[2:5]
        self.edge = topology.varnish_url
        self.app_a, self.app_b = topology.app_urls


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("edge")
    database_url, postgres_name = _database_url(workdir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iopguide.settings.dev",
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": f"edge-test-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "EDGE_PURGE_RETRY_SECONDS": "5",
    }
    topology = EdgeTopology(workdir, env, workers=1)
    try:
        topology.manage("migrate", "--noinput", "-v0")
        topology.manage("collectstatic", "--noinput", "-v0")  # pages name the hashed files
        seeded = topology.manage("shell", "-v0", "-c", SEED).split()
        topology.start()
        yield Site(topology, seeded)
    finally:
        topology.stop()
        if postgres_name:
            _drop_database(postgres_name)


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=10, allow_redirects=False, **kwargs)


def cached(site: Site, path: str) -> requests.Response:
    """GET through Varnish until the page is a hit (the first may be a miss)."""
    get(site.edge + path)
    response = get(site.edge + path)
    assert response.headers["X-Cache"] == "HIT", path
    return response


class _FormReader(HTMLParser):
    """The fields of the admin's change form as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._textarea = self._select = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def signed_in(base: str, username: str = "edge-admin") -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/admin/login/", timeout=10)
    response = session.post(
        f"{base}/admin/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def form_fields(session: requests.Session, url: str) -> list[tuple[str, str]]:
    reader = _FormReader()
    reader.feed(session.get(url, timeout=10).text)
    return reader.fields


def admin_save(session: requests.Session, url: str, changes: dict, button: str = "_save"):
    """Submit the admin change form at `url` with `changes` applied, as the editor would."""
    fields = [(name, value) for name, value in form_fields(session, url) if name not in changes]
    fields += [(name, value) for name, value in changes.items() if value is not None]
    fields.append((button, "1"))
    response = session.post(url, data=fields, timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    return response


def test_first_get_is_a_miss_and_the_second_a_hit(site):
    first = get(site.edge + site.article)
    second = get(site.edge + site.article)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert "Age" in second.headers
    assert "xkey" not in second.headers and "Surrogate-Control" not in second.headers


def test_compressed_and_plain_readers_each_get_a_correct_cached_copy(site):
    gzipped = get(site.edge + site.article, headers={"Accept-Encoding": "gzip, br"})
    plain = get(site.edge + site.article, headers={"Accept-Encoding": "identity"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzipped.text == plain.text  # requests undid the gzip


def test_the_problem_report_limit_holds_across_both_app_servers(site):
    reader = requests.Session()
    form = site.facility + "report/"
    reader.get(site.app_a + form, timeout=10)
    answers = [
        reader.post(
            base + form,
            data={"message": "The phone number is out of date.", "contact": ""},
            headers={"X-CSRFToken": reader.cookies["csrftoken"]},
            timeout=10,
            allow_redirects=False,
        ).status_code
        for base in (site.app_a, site.app_b) * 3
    ]
    assert answers == [302] * 5 + [429]  # five an hour from one address, wherever they land


def test_an_admin_edit_on_one_app_server_shows_through_varnish_and_the_other_at_once(site):
    cached(site, site.article)
    editor = signed_in(site.app_a)
    marker = f"Edited through the admin {uuid.uuid4().hex[:8]}."
    url = f"{site.app_a}/admin/guide/article/{site.article_pk}/change/"
    body = dict(form_fields(editor, url))["body"]
    admin_save(editor, url, {"body": f"{body}\n\n{marker}\n", "revision_message": "edge test"})

    through_edge = get(site.edge + site.article)
    assert through_edge.headers["X-Cache"] == "MISS"
    assert marker in through_edge.text
    assert marker in get(site.app_b + site.article).text


def test_an_unpublish_purges_the_article(site):
    cached(site, site.article)
    editor = signed_in(site.app_b)
    url = f"{site.app_b}/admin/guide/article/{site.article_pk}/change/"
    admin_save(editor, url, {}, button="_unpublish")
    assert get(site.edge + site.article).status_code == 404
    assert get(site.app_a + site.article).status_code == 404


def test_hiding_a_listing_purges_its_page_and_the_city_list(site):
    cached(site, site.facility)
    name = cached(site, site.city).text
    assert "Blue Ridge Recovery Center 1" in name
    editor = signed_in(site.app_a)
    url = f"{site.app_a}/admin/directory/facility/{site.facility_pk}/change/"
    admin_save(editor, url, {"hidden_by_editor": "on", "hidden_reason": "Closed (edge test)"})
    assert get(site.edge + site.facility).status_code in (404, 410)
    assert "Blue Ridge Recovery Center 1" not in get(site.edge + site.city).text


def test_an_import_purges_the_pages_that_list_its_programs(site):
    assert "Rivanna Recovery Center" not in cached(site, site.city).text
    site.topology.manage("import_facilities", str(IMPORT_FILE))
    after = get(site.edge + site.city)
    assert after.headers["X-Cache"] == "MISS"
    assert "Rivanna Recovery Center" in after.text


def test_no_cookie_and_no_signed_in_page_is_ever_served_from_the_cache(site):
    cached(site, site.city)
    editor = signed_in(site.app_a)
    signed_in_page = editor.get(site.edge + site.city, timeout=10)
    assert signed_in_page.headers["X-Cache"] == "PASS"
    for path in ("/admin/login/", "/admin/", site.facility + "report/"):
        for _ in range(2):
            response = get(site.edge + path, cookies=editor.cookies.get_dict())
            assert response.headers["X-Cache"] != "HIT", path
    for path in ("/admin/login/", site.facility + "report/", site.city, "/"):
        for _ in range(2):
            response = get(site.edge + path)
            assert not (response.headers["X-Cache"] == "HIT" and "Set-Cookie" in response.headers)
    # A hit never carries a cookie, even when the request brought others.
    hit = get(site.edge + site.city, cookies={"csrftoken": "x" * 32, "tracking": "1"})
    assert hit.headers["X-Cache"] == "HIT" and "Set-Cookie" not in hit.headers


def test_sessions_and_lockouts_hold_across_both_app_servers(site):
    editor = signed_in(site.app_a)
    assert editor.get(f"{site.app_b}/admin/", timeout=10, allow_redirects=False).status_code == 200

    attempts = requests.Session()
    attempts.get(f"{site.app_a}/admin/login/", timeout=10)
    for base in (site.app_a, site.app_b) * 3:
        attempts.post(
            f"{base}/admin/login/",
            data={
                "username": "locked-editor",
                "password": "wrong",
                "csrfmiddlewaretoken": attempts.cookies["csrftoken"],
            },
            timeout=10,
        )
    for base in (site.app_a, site.app_b):
        response = attempts.post(
            f"{base}/admin/login/",
            data={
                "username": "locked-editor",
                "password": PASSWORD,
                "csrfmiddlewaretoken": attempts.cookies["csrftoken"],
            },
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code != 302, f"{base} let a locked-out user sign in"


def test_a_review_link_is_never_kept_by_varnish_and_a_revoke_shows_at_once(site):
    editor = signed_in(site.app_a)
    change = f"{site.app_a}/admin/guide/article/{site.article_pk}/change/"
    editor.get(change, timeout=10)
    made = editor.post(
        f"{site.app_a}/admin/guide/article/{site.article_pk}/share/",
        data={"days": "7", "csrfmiddlewaretoken": editor.cookies["csrftoken"]},
        timeout=10,
        allow_redirects=False,
    )
    assert made.status_code == 302
    panel = editor.get(change, timeout=10).text
    shared = re.search(r'value="https?://[^/"]+(/guide/shared/[^"]+)"', panel).group(1)
    revoke = re.search(r'action="(/admin/guide/article/\d+/share/\d+/revoke/)"', panel).group(1)
    for _ in range(2):
        response = get(site.edge + shared)
        assert (response.status_code, response.headers["X-Cache"]) == (200, "PASS")
        assert "no-store" in response.headers["Cache-Control"]
    revoked = editor.post(
        site.app_a + revoke,
        data={"csrfmiddlewaretoken": editor.cookies["csrftoken"]},
        timeout=10,
        allow_redirects=False,
    )
    assert revoked.status_code == 302
    for base in (site.edge, site.app_b):
        assert get(base + shared).status_code == 410


def test_with_varnish_down_changes_save_and_pages_are_served_directly(site):
    site.topology.stop_varnish()
    editor = signed_in(site.app_a)
    marker = f"Published again while the edge was down {uuid.uuid4().hex[:8]}."
    url = f"{site.app_a}/admin/guide/article/{site.article_pk}/change/"
    body = dict(form_fields(editor, url))["body"]
    started = time.monotonic()
    admin_save(editor, url, {"body": f"{body}\n\n{marker}\n"}, button="_publish")
    assert time.monotonic() - started < 5  # one short purge timeout, not a hang
    for base in (site.app_a, site.app_b):
        assert marker in get(base + site.article).text
    assert "Edge purge failed" in site.topology.app_log(0).read_text()
