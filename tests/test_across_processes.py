"""One truth across processes: a real gunicorn with several workers, each with its own page cache
(the embedded default: local memory; with REDIS_URL set, Redis), and changes made from a separate
management-command process while it runs. Every worker must show a change at once and give the
same validators for the same representation.

The site runs on its own SQLite file (the test database is not visible to other processes);
TEST_GUNICORN_PORT picks the port (otherwise a free one)."""

import gzip
import http.client
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.loopback import free_port

WORKERS = 3
# Requests per check, sent a few at a time so the workers share them.
REQUESTS = 40
BASE_DIR = Path(settings.BASE_DIR)


class Site:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = int(os.environ.get("TEST_GUNICORN_PORT") or free_port())
        self.access_log = tmp / "access.log"
        self.env = {
            **os.environ,
            # Test settings: DEBUG off, static files without collectstatic.
            "DJANGO_SETTINGS_MODULE": "iopguide.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
            "CONTENT_GENERATION_FILE": str(tmp / "content-generation"),
            "CACHE_KEY_PREFIX": f"across-processes-{uuid.uuid4().hex}",
            "LOG_LEVEL": "WARNING",
            # Six readers at once on one uncached search: what this module tests is that every
            # worker sees a change, not the overload limit (tests/test_overload.py).
            "SEARCH_QUEUE_DEPTH": "6",
            "SEARCH_QUEUE_WAIT": "10",
        }

    def manage(self, *args: str) -> str:
        """A management command in its own process, as an editor would run one."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-v0", "-c", code)

    def get(self, path: str, **headers: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers={"Connection": "close", **headers})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    def get_many(self, path: str, count: int = REQUESTS, **headers: str):
        with ThreadPoolExecutor(max_workers=6) as pool:
            return list(pool.map(lambda _: self.get(path, **headers), range(count)))

    def workers_that_served(self, path: str, since: int) -> set[str]:
        """Process ids from the access log ("pid request-line status"), for lines after `since`."""
        lines = self.access_log.read_text().splitlines()[since:]
        return {line.split()[0] for line in lines if f" {path} " in line}

    def log_length(self) -> int:
        return len(self.access_log.read_text().splitlines()) if self.access_log.exists() else 0


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("across-processes"))
    site.manage("migrate", "--noinput", "-v0")
    site.shell(
        "from django.contrib.auth import get_user_model;"
        "from tests.browser.pages import create_reading_content;"
        "create_reading_content();"
        "get_user_model().objects.create_superuser('editor', password='not-used')"
    )
    server_log = site.tmp / "gunicorn.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "iopguide.wsgi:application",
            "-c",
            "gunicorn.conf.py",
            "--no-control-socket",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{site.port}",
            "--access-logfile",
            str(site.access_log),
            "--access-logformat",
            "%(p)s %(r)s %(s)s",
        ],
        cwd=BASE_DIR,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
    )
    try:
        deadline = time.monotonic() + 60  # the master preloads the app: seconds on a busy machine
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if site.get("/").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"gunicorn did not start: {server_log.read_text()[-2000:]}")
        yield site
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def warm(site: Site, path: str, expect_status: int = 200) -> None:
    """Every worker answers `path` (and so holds it in its page cache)."""
    since = site.log_length()
    for _ in range(5):
        assert {response.status for response in site.get_many(path)} == {expect_status}
        if len(site.workers_that_served(path, since)) == WORKERS:
            return
    raise AssertionError(f"not every worker served {path}")


def test_an_edit_from_a_management_command_shows_on_every_worker_at_once(site):
    path = "/guide/what-is-iop/"
    warm(site, path)
    site.shell(
        "from iopguide.guide.models import Article;"
        "article = Article.objects.get(slug='what-is-iop');"
        "article.body += '\\n\\nA sentence added from the command line.';"
        "article.save()"
    )
    since = site.log_length()
    responses = site.get_many(path)
    assert all(b"A sentence added from the command line." in r.body for r in responses)
    assert len(site.workers_that_served(path, since)) == WORKERS


def test_a_renamed_article_answers_301_at_its_old_address_on_every_worker(site):
    warm(site, "/sources/")
    old = "/guide/what-is-iop/"
    warm(site, old)
    site.shell(
        "from django.contrib.auth import get_user_model;"
        "from iopguide.guide import workflow;"
        "from iopguide.guide.models import Article;"
        "article = Article.objects.get(slug='what-is-iop');"
        "article.slug = 'intensive-outpatient';"
        "workflow.save_article(article, get_user_model().objects.get(username='editor'))"
    )
    responses = site.get_many(old)
    assert {(r.status, r.getheader("Location")) for r in responses} == {
        (301, "/guide/intensive-outpatient/")
    }
    assert all(r.status == 200 for r in site.get_many("/guide/intensive-outpatient/", 10))


def test_a_listing_deactivated_from_the_shell_is_gone_on_every_worker(site):
    slug = "blue-ridge-recovery-center-1-charlottesville-va"
    facility, search, compare = (
        f"/facilities/{slug}/",
        "/find-rehab/?near=22901",
        f"/compare/?ids={slug}",
    )
    for path in (facility, search, compare):
        warm(site, path)
    assert all(slug.encode() in r.body for r in site.get_many(search, 10))
    site.shell(
        "from iopguide.directory.models import Facility;"
        f"facility = Facility.objects.get(slug='{slug}');"
        "facility.is_active = False;"
        "facility.save()"
    )
    assert {r.status for r in site.get_many(facility)} == {410}
    assert not any(f"/facilities/{slug}/".encode() in r.body for r in site.get_many(search))
    assert not any(b"Blue Ridge Recovery Center 1<" in r.body for r in site.get_many(compare))


def test_a_bulk_import_from_the_command_line_shows_on_every_worker(site):
    path = "/find-rehab/?near=23220&setting="  # Richmond, any setting: no listing there yet
    warm(site, path)
    csv = BASE_DIR / "iopguide" / "directory" / "tests" / "fixtures" / "directory_slice.csv"
    site.manage("import_facilities", str(csv), "--partial", "-v0")
    assert all(b"Blue Ridge Recovery Works" in r.body for r in site.get_many(path))


@pytest.mark.parametrize("encoding", ["", "br", "gzip"])
def test_every_worker_gives_the_same_validators_and_answers_them_with_304(site, encoding):
    path = "/guide/"
    headers = {"Accept-Encoding": encoding} if encoding else {}
    warm(site, path)
    responses = site.get_many(path, **headers)
    validators = {(r.getheader("ETag"), r.getheader("Last-Modified")) for r in responses}
    assert len(validators) == 1
    assert len({r.body for r in responses}) == 1
    (etag, last_modified), *_ = validators
    assert etag.endswith(f'-{encoding}"') if encoding else not re.search(r"-(br|gzip)\"", etag)
    since = site.log_length()
    conditional = site.get_many(path, **headers, **{"If-None-Match": etag})
    assert {r.status for r in conditional} == {304}
    conditional = site.get_many(path, **headers, **{"If-Modified-Since": last_modified})
    assert {r.status for r in conditional} == {304}
    assert len(site.workers_that_served(path, since)) == WORKERS


def test_pages_come_compressed_as_the_reader_accepts(site):
    plain = site.get("/guide/")
    compressed = site.get("/guide/", **{"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in compressed.getheader("Vary")
    assert gzip.decompress(compressed.body) == plain.body
    assert len(compressed.body) < len(plain.body) / 2
