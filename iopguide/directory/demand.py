"""Reader demand for listings, as plain counters: how often a listing is shown in Find Rehab and
how often its page is opened. Nothing about the reader is kept (no address, no time, no
cookie). Counts gather in each process and are written at most once a minute, so these are the
only database writes a GET causes; a worker that stops loses at most its last minute of counts.
A write that fails (SQLite busy with another writer, the database down) keeps the counts for
the next one and never fails the reader's page.
"""

import logging
import threading
import time
from collections import Counter

from django.db import DatabaseError, transaction
from django.db.models import F

from .models import Facility, ListingDemand, facility_url_pattern

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
_lock = threading.Lock()
_appearances: Counter = Counter()
_opens: Counter = Counter()
_last_flush = time.monotonic()


def count_appearances(pks) -> None:
    with _lock:
        _appearances.update(pks)
    _flush_if_due()


def count_open(slug: str) -> None:
    with _lock:
        _opens[slug] += 1
    _flush_if_due()


def _flush_if_due() -> None:
    if time.monotonic() - _last_flush >= FLUSH_SECONDS:
        try:
            flush()
        except DatabaseError as error:
            logger.warning("Listing demand counts kept for the next write: %s", error)


def forget() -> None:
    """Drop this process's unwritten counts (tests start from nothing)."""
    _take()


def _take() -> tuple[dict, dict]:
    global _last_flush
    with _lock:
        taken = dict(_appearances), dict(_opens)
        _appearances.clear()
        _opens.clear()
        _last_flush = time.monotonic()
    return taken


def flush() -> None:
    """Write the counts gathered in this process (for listings that still exist). If the write
    fails, the counts are put back and the error raised."""
    appearances, opens = _take()
    if not appearances and not opens:
        return
    try:
        _write(appearances, opens)
    except DatabaseError:
        with _lock:
            _appearances.update(appearances)
            _opens.update(opens)
        raise


def _write(appearances: dict, opens: dict) -> None:
    pks_by_slug = dict(Facility.objects.filter(slug__in=opens).values_list("slug", "pk"))
    counts: dict[int, tuple[int, int]] = {}
    for pk, seen in appearances.items():
        counts[pk] = (seen, 0)
    for slug, opened in opens.items():
        if slug in pks_by_slug:
            pk = pks_by_slug[slug]
            counts[pk] = (counts.get(pk, (0, 0))[0], opened)
    listed = set(Facility.objects.filter(pk__in=counts).values_list("pk", flat=True))
    counts = {pk: seen_opened for pk, seen_opened in counts.items() if pk in listed}
    with transaction.atomic():
        existing = set(ListingDemand.objects.filter(pk__in=counts).values_list("pk", flat=True))
        ListingDemand.objects.bulk_create(
            ListingDemand(facility_id=pk, appearances=seen, opens=opened)
            for pk, (seen, opened) in counts.items()
            if pk not in existing
        )
        for pk in existing:
            seen, opened = counts[pk]
            ListingDemand.objects.filter(pk=pk).update(
                appearances=F("appearances") + seen, opens=F("opens") + opened
            )


class ListingOpenCounter:
    """Counts each facility page a reader opens, in either language, page-cache hits included
    (so it sits before the page cache in MIDDLEWARE, where the URL is not resolved yet: the
    path is matched against the facility URL of the request's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code in (200, 304):
            before, _, after = facility_url_pattern().partition("{slug}")
            path = request.path
            if path.startswith(before) and path.endswith(after):
                slug = path[len(before) : len(path) - len(after)]
                if slug and "/" not in slug:  # the change log is counted too, and never written
                    count_open(slug)
        return response
