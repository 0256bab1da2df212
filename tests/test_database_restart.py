"""A real PostgreSQL stopped and started again under a real gunicorn: while it is down pages
answer the 503 page with Retry-After and the log gets one line, not a traceback per request;
once it is back, pages answer again without restarting anything. The servers are this test's
own, on free loopback ports; scripts/load_and_fault.sh does the same under load."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.loopback import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT, SITE_PORT = free_port(), free_port()
PAGE = f"http://127.0.0.1:{SITE_PORT}/find-rehab/va/"

pytestmark = pytest.mark.skipif(
    not (PG_BIN / "initdb").exists(), reason="needs PostgreSQL 15's initdb and pg_ctl"
)


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root."""
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, folder: Path):
        self.data = folder / "pg"
        self.data.mkdir()
        folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        subprocess.run(
            as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust"),
            check=True,
            capture_output=True,
        )

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-w", "-o", options, *args)
        subprocess.run(command, check=True, capture_output=True)


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def server_folder():
    """A folder the postgres user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="iopguide-harden-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def site(server_folder):
    """(PostgreSQL, gunicorn log) with the site migrated and serving on SITE_PORT."""
    tmp_path = server_folder
    postgres = Postgres(tmp_path)
    postgres.pg_ctl("-l", str(postgres.data / "server.log"), "start")
    gunicorn = None
    try:
        subprocess.run(
            as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", PG_PORT, "iopguide_harden"),
            check=True,
            capture_output=True,
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "iopguide.settings.test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/iopguide_harden",
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        python = Path(sys.executable)
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        log = tmp_path / "gunicorn.log"
        gunicorn = subprocess.Popen(
            [python.parent / "gunicorn", "-c", "gunicorn.conf.py", "--workers", "1",
             "--bind", f"127.0.0.1:{SITE_PORT}", "--access-logfile", "/dev/null",
             "iopguide.wsgi:application"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(100):
            try:
                get(f"http://127.0.0.1:{SITE_PORT}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield postgres, log
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        postgres.pg_ctl("-m", "immediate", "stop")


def test_a_database_restart_answers_503_with_retry_after_then_recovers(site):
    postgres, log = site
    assert get(PAGE)[0] == 404  # no listings in Virginia: the database answered

    postgres.pg_ctl("-m", "fast", "stop")
    answers = [get(PAGE) for _ in range(10)]
    postgres.pg_ctl("-l", str(postgres.data / "server.log"), "start")

    assert {status for status, _, _ in answers} == {503}
    assert all(headers["Retry-After"] == "30" for _, headers, _ in answers)
    assert "briefly unavailable" in answers[0][2]
    assert get(PAGE)[0] == 404  # back, with no restart of the app
    text = log.read_text()
    assert "Traceback" not in text
    assert text.count("Database unavailable") == 1
