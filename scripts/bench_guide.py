#!/usr/bin/env python
"""Time the guide's pages in-process (Django test client, no network) on a throwaway test
database loaded from content/. The reader page cache is taken out, so every request renders.
Prints median and 95th-percentile milliseconds and the SQL query count per page.

    .venv/bin/python scripts/bench_guide.py [--runs 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iopguide_guide \
        .venv/bin/python scripts/bench_guide.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopguide.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

PAGES = [
    "/guide/",
    "/guide/levels-of-care/",
    "/guide/faq/",
    "/sources/",
    "/search/?q=therapy",
    "/search/?q=theraphy",
    "/search/?q=xylophone",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "page_cache" not in name]
    # Keep one connection and its query log across requests, so queries can be counted.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("sync_content", verbosity=0)
        client = Client()
        print(f"{connection.vendor}, {args.runs} runs per page")
        print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for url in PAGES:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"{url:28} {statistics.median(timings):10.2f} {p95:8.2f} {len(queries):8}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
