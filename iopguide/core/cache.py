"""One content generation number for every cached reader page.

Page caches build their keys with `versioned_key()` (or pass `content_version()` as Django's cache
`version=`). Anything that changes what readers see calls `bump_content_version()` (articles do it
through `invalidate_article()`), which moves the number on in the shared cache — Redis in
production — so every instance misses its old pages at once; the old entries simply expire.

Scheduled publishing needs no daemon: apps register a function listing the moments their content
changes on its own (for example articles' future `published_at`). After each article save,
`refresh_schedule()` stores those moments beside the number, and `content_version()` bumps by
itself once the next one has passed. Reading the number never touches the database: it runs
before cached pages are served. Should the cache lose the schedule (eviction, flush), the next
article save stores it again; until then cached pages are at most their cache timeout late.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .edge import purge_content

VERSION_KEY = "content:version"
# Epoch seconds of the next scheduled change; 0 or missing when none is known.
NEXT_CHANGE_KEY = "content:next-change"
# Every known scheduled change, in epoch seconds, soonest first.
SCHEDULE_KEY = "content:schedule"

_schedule_providers: list[Callable[[], Iterable[datetime]]] = []


def register_schedule(provider: Callable[[], Iterable[datetime]]) -> None:
    """Register a function listing the future times content changes without a save."""
    if provider not in _schedule_providers:
        _schedule_providers.append(provider)


def content_version() -> int:
    """The current generation number; include it in every page-cache key."""
    values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version = values.get(VERSION_KEY)
    next_change = values.get(NEXT_CHANGE_KEY)
    now = timezone.now().timestamp()
    if next_change and next_change <= now:
        version = bump_content_version()
        _store_schedule([when for when in cache.get(SCHEDULE_KEY, []) if when > now])
        return version
    if version is None:
        version = _start_version()
    return version


def bump_content_version() -> int:
    """Invalidate every cached page on every instance; returns the new number."""
    try:
        return cache.incr(VERSION_KEY)
    except ValueError:  # never set, or evicted
        return _start_version()
    finally:
        purge_content()  # the edge's copies too (iopguide.core.edge), once the number moved on


def refresh_schedule() -> None:
    """Ask the registered providers for the scheduled changes to come, and remember them."""
    now = timezone.now()
    upcoming = (when for provider in _schedule_providers for when in provider())
    _store_schedule(sorted(when.timestamp() for when in upcoming if when > now))


def invalidate_article(article) -> None:
    """Readers see `article`'s change at once. Runs after the transaction commits, so no request
    can cache the old content again under the new number; the save may also have scheduled (or
    cancelled) a publication."""

    def after_commit():
        bump_content_version()
        refresh_schedule()

    transaction.on_commit(after_commit)


def versioned_key(*parts: object) -> str:
    """A cache key that changes whenever the content does, e.g. versioned_key("page", path)."""
    return ":".join(["content", str(content_version()), *map(str, parts)])


def _start_version() -> int:
    # Microseconds since the epoch: larger than any number handed out before an eviction, so a
    # restarted count can never land on an old page's key.
    start = time.time_ns() // 1000
    cache.add(VERSION_KEY, start, timeout=None)
    return cache.get(VERSION_KEY, start)


def _store_schedule(times: list[float]) -> None:
    cache.set_many({SCHEDULE_KEY: times, NEXT_CHANGE_KEY: times[0] if times else 0}, timeout=None)
