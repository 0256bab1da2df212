"""Benchmark Find Rehab: load 30,000 facilities into a scratch database and time typical searches
through Django's request handler (middleware, view, template), reporting p50 and p95.

    .venv/bin/python scripts/bench_find_rehab.py       # SQLite: var/bench_find_rehab.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iopguide_bench \
        .venv/bin/python scripts/bench_find_rehab.py

The real national directory (../shared/data/nsumhss-2023/facilities_list.csv; set
SHARED_DATA_DIR when running from a worktree) is imported with the site's importer when present,
then topped up with synthetic copies of real listings moved a few miles, so the density looks like
the real country. The database's name must contain "bench": the script empties its facilities.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bench_find_rehab.sqlite3'}")
# Test settings: DEBUG off and plain static storage, so no collectstatic is needed.
os.environ["DJANGO_SETTINGS_MODULE"] = "iopguide.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from iopguide.directory.forms import parse_search  # noqa: E402
from iopguide.directory.importers import import_facilities  # noqa: E402
from iopguide.directory.models import Facility  # noqa: E402
from iopguide.directory.places import locate  # noqa: E402
from iopguide.directory.search import compare_url, find_facilities  # noqa: E402
from iopguide.directory.states import STATE_NAMES  # noqa: E402

DIRECTORY_CSV = Path(settings.SHARED_DATA_DIR) / "nsumhss-2023" / "facilities_list.csv"
# Codes a synthetic listing gets when there is no real directory to copy from.
COMMON_CODES = ["SA", "OP", "ORT", "OIT", "ODT", "RES", "DT", "MD", "MC", "PI", "SF", "SS"]
COMMON_CODES += ["PA", "CBT", "MOTI", "TRC", "TWFA", "RELP", "SP", "YAD", "ADLT"]


def ensure_database():
    database = settings.DATABASES["default"]
    if "bench" not in str(database["NAME"]):
        sys.exit(f"Refusing to use {database['NAME']}: a scratch database's name contains 'bench'.")
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        admin = f"host={database['HOST']} port={database['PORT'] or 5432} user={database['USER']}"
        with psycopg.connect(f"{admin} dbname=postgres", autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database["NAME"]}"')
    else:
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)


def synthetic_listing(number: int, **fields) -> Facility:
    now = timezone.now()
    return Facility(
        slug=f"bench-{number}",
        match_key=f"bench-{number}",
        source=Facility.Source.DEMO,
        location_precision=Facility.LocationPrecision.ZIP,
        first_seen=now,
        last_seen=now,
        **fields,
    )


def import_real_directory() -> int:
    """The national directory through the site's own importer (ZIP centroids), when present."""
    if not DIRECTORY_CSV.exists():
        return 0
    return import_facilities(DIRECTORY_CSV, source=Facility.Source.NSUMHSS).created


def synthetic_listings(start: int, count: int, models: list[Facility], rng) -> list[Facility]:
    """Copies of real listings moved up to ~10 miles; with no real ones, random ZIP centroids."""
    import zipcodes

    zips = (
        [z for z in zipcodes.list_all() if z["zip_code_type"] == "STANDARD"] if not models else []
    )
    listings = []
    for number in range(start, start + count):
        if models:
            model = rng.choice(
                [m for m in rng.sample(models, 3) if m.latitude is not None] or models
            )
            latitude = (model.latitude or 38.0) + rng.uniform(-0.15, 0.15)
            longitude = (model.longitude or -78.5) + rng.uniform(-0.15, 0.15)
            state, zip_code, codes = model.state, model.zip_code, model.service_codes
        else:
            row = rng.choice(zips)
            latitude = float(row["lat"]) + rng.uniform(-0.05, 0.05)
            longitude = float(row["long"]) + rng.uniform(-0.05, 0.05)
            state, zip_code = row["state"], row["zip_code"]
            codes = f" {' '.join(rng.sample(COMMON_CODES, rng.randint(5, 15)))} "
        listings.append(
            synthetic_listing(
                number,
                name=f"Synthetic Program {number}",
                city="Synthetic",
                city_slug="synthetic",  # bulk_create skips save(), which sets it
                state=state,
                zip_code=zip_code,
                phone="555-555-0100",
                latitude=latitude,
                longitude=longitude,
                service_codes=codes,
            )
        )
    return listings


def load(total: int, rng) -> int:
    Facility.objects.all().delete()
    real = import_real_directory()
    models = list(
        Facility.objects.filter(latitude__isnull=False).only(
            "state", "zip_code", "latitude", "longitude", "service_codes"
        )
    )
    Facility.objects.bulk_create(
        synthetic_listings(real, total - real, models, rng), batch_size=1000
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_facility")
    return real


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def count_results(url: str) -> int:
    if url.startswith("/compare/"):
        return 3
    query_string = url.partition("?")[2]
    query = parse_search(query_string)
    return find_facilities(locate(query.near).place, query).total


# The same page with no search: middleware, form, no query. The parameter is one the form never
# sends, so the page is rendered every time, never answered from the page cache.
BASELINE_URL = "/find-rehab/?baseline=1"


def timed_get(client: Client, url: str) -> tuple[float, int]:
    """(milliseconds, SQL queries) for one request."""
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(captured.captured_queries)


def time_urls(client: Client, urls: list[str], baseline: list[float]) -> dict:
    """Times each URL twice, the first time (rendered, then stored by the page cache) and again
    (answered from it), with a baseline request after each: on a shared machine the ratio to
    the baseline, measured side by side, says more than the absolute numbers."""
    for url in urls[:10]:  # warm the ZIP list, code sheet and connections, storing nothing
        client.get(url + "&warm=1")
    first, again, queries, queries_again = [], [], 0, 0
    for url in dict.fromkeys(urls):  # a ZIP drawn twice would be cached the second time
        elapsed, count = timed_get(client, url)
        first.append(elapsed)
        queries = max(queries, count)
        elapsed, count = timed_get(client, url)
        again.append(elapsed)
        queries_again = max(queries_again, count)
        baseline.append(timed_get(client, BASELINE_URL)[0])
    return {
        "p50": statistics.median(first),
        "p95": percentile(first, 0.95),
        "queries": queries,
        "p50_again": statistics.median(again),
        "p95_again": percentile(again, 0.95),
        "queries_again": queries_again,
        "mean_results": statistics.mean(count_results(url) for url in urls),
    }


def compare_picks(zips: list[str], rng) -> list[tuple[str, list[str]]]:
    """(ZIP, three slugs of active listings in it or else in its state) for each ZIP."""
    picks = []
    for zip_code in zips:
        slugs = list(
            Facility.objects.active().filter(zip_code=zip_code).values_list("slug", flat=True)
        )
        if len(slugs) < 3:
            state = Facility.objects.filter(zip_code=zip_code).values_list("state", flat=True)[0]
            slugs = list(
                Facility.objects.active().filter(state=state).values_list("slug", flat=True)
            )
        picks.append((zip_code, rng.sample(sorted(slugs), 3)))
    return picks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--reuse", action="store_true", help="keep the facilities already loaded")
    args = parser.parse_args()
    rng = random.Random(2026)

    ensure_database()
    if args.reuse and Facility.objects.count() == args.facilities:
        real = "?"
    else:
        started = time.perf_counter()
        real = load(args.facilities, rng)
        print(
            f"loaded {args.facilities} facilities ({real} real) in "
            f"{time.perf_counter() - started:.1f} s"
        )

    zips = sorted(set(Facility.objects.values_list("zip_code", flat=True)))
    sample_zips = [rng.choice(zips) for _ in range(args.requests)]
    states = sorted(set(Facility.objects.values_list("state", flat=True)) & set(STATE_NAMES))
    cases = {
        "ZIP + 25 mi + two filters (pay=MD, approach=CBT)": [
            f"/find-rehab/?near={z}&radius=25&pay=MD&approach=CBT" for z in sample_zips
        ],
        "State-wide (intensive outpatient, page 1)": [
            f"/find-rehab/?near={STATE_NAMES[rng.choice(states)]}" for _ in range(args.requests)
        ],
        "ZIP + 100 mi (intensive outpatient)": [
            f"/find-rehab/?near={z}&radius=100" for z in sample_zips
        ],
        "Compare Centers, 3 programs near a ZIP": [
            compare_url(picks, near) for near, picks in compare_picks(sample_zips, rng)
        ],
    }
    client = Client()
    print(
        f"{connection.vendor}, {Facility.objects.count()} facilities, {args.requests} requests "
        f"a case, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print("| query | p50 ms | p95 ms | queries (max) | mean results |")
    print("| --- | ---: | ---: | ---: | ---: |")
    baseline: list[float] = []
    for name, urls in cases.items():
        stats = time_urls(client, urls, baseline)
        print(
            f"| {name}, first time | {stats['p50']:.1f} | {stats['p95']:.1f} | {stats['queries']} "
            f"| {stats['mean_results']:.0f} |"
        )
        print(
            f"| {name}, again (page cache) | {stats['p50_again']:.2f} | {stats['p95_again']:.2f} "
            f"| {stats['queries_again']} | |"
        )
    print(
        f"| Baseline: {BASELINE_URL} with no search, timed between the above "
        f"| {statistics.median(baseline):.1f} | {percentile(baseline, 0.95):.1f} | 0 | |"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
