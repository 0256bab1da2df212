#!/usr/bin/env python
"""Request every facility, state and city page of the current database and count the answers.

    DATABASE_URL=sqlite:////path/to/db.sqlite3 .venv/bin/python scripts/check_directory_pages.py

Uses Django's test client (no server needed). Active facilities should answer 200, inactive
ones 410, and no page should mention a "Service code" missing from the code sheet. Slow on
purpose (about 13,000 pages for the national directory): a release check, not a test.
"""

import collections
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    # Test settings: plain static storage, so no collectstatic is needed to render pages.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopguide.settings.test")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from iopguide.directory.models import Facility

    setup_test_environment()
    client = Client()
    facilities = collections.Counter()
    unlisted_codes = 0
    for slug in Facility.objects.order_by().values_list("slug", flat=True).iterator():
        response = client.get(f"/facilities/{slug}/")
        facilities[response.status_code] += 1
        unlisted_codes += b"Service code " in response.content
    places = Facility.objects.active().order_by().values_list("state", "city_slug").distinct()
    states, cities = collections.Counter(), collections.Counter()
    for state in sorted({state for state, _ in places}):
        states[client.get(f"/find-rehab/{state.lower()}/").status_code] += 1
    for state, city in places:
        cities[client.get(f"/find-rehab/{state.lower()}/{city}/").status_code] += 1
    print(f"facility pages: {dict(facilities)}; with unlisted service codes: {unlisted_codes}")
    print(f"state pages: {dict(states)}; city pages: {dict(cities)}")
    failed = set(facilities) - {200, 410} or set(states) - {200} or set(cities) - {200}
    return 1 if failed or unlisted_codes else 0


if __name__ == "__main__":
    sys.exit(main())
