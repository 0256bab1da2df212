"""Time the sitemap views on a directory the size of the national one.

    .venv/bin/python scripts/benchmark_sitemaps.py [facilities]   # default 12744

Builds a throwaway SQLite database in var/ (or uses DATABASE_URL), fills it with fake active
facilities spread over states and cities, and prints each sitemap's time cold (rendered) and
warm (from the cache), its query count and size.
"""

import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopguide.settings.test")
scratch = Path(tempfile.mkdtemp(dir=BASE_DIR / "var"))
atexit.register(shutil.rmtree, scratch, ignore_errors=True)
database_file = scratch / "sitemaps.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_file}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from iopguide.directory.models import Facility  # noqa: E402

STATES = ["CA", "TX", "NY", "FL", "PA", "OH", "VA", "MD", "WA", "AZ"]


def fill(count: int) -> None:
    now = timezone.now()
    Facility.objects.bulk_create(
        Facility(
            name=f"Program {n}",
            street1=f"{n} Main Street",
            city=f"Town {n % 900}",
            city_slug=f"town-{n % 900}",  # bulk_create skips save(), which sets it
            state=STATES[n % len(STATES)],
            zip_code="00000",
            source=Facility.Source.DEMO,
            source_id=f"bench-{n}",
            match_key=f"program {n}",
            slug=f"program-{n}",
            first_seen=now,
            last_seen=now,
        )
        for n in range(count)
    )


def measure(client: Client, path: str) -> str:
    results = []
    for label in ("cold", "warm"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        results.append(f"{label} {elapsed * 1000:7.1f} ms {len(queries):2d} queries")
    return f"{path:28} {len(response.content) / 1024:8.1f} KiB  " + "  ".join(results)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 12744
    call_command("migrate", verbosity=0)
    Facility.objects.all().delete()
    fill(count)
    client = Client()
    print(f"{count} active facilities, {connection.vendor}")
    for path in ("/sitemap.xml", "/sitemap-browse.xml", "/sitemap-facilities.xml"):
        print(measure(client, path))


if __name__ == "__main__":
    main()
