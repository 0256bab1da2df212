"""Two processes writing to the embedded SQLite database at once (workers writing their
listing-demand counts, an import from the command line while the site runs): the second waits
for the first instead of failing with "database is locked"."""

import os
import sqlite3
import subprocess
import sys

from django.conf import settings

WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
go = Path(sys.argv[1])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tally")  # a read first, as demand.flush() does
        time.sleep(0.3)  # both are inside their transactions now
        cursor.execute("INSERT INTO tally VALUES (1)")
print("written", flush=True)
"""


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    database = tmp_path / "site.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE tally (n integer)")
    go = tmp_path / "go"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "iopguide.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(go)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    go.touch()
    results = [writer.communicate(timeout=60) for writer in writers]

    assert [out.strip() for out, _ in results] == ["written", "written"], [e for _, e in results]
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM tally").fetchone() == (2,)
