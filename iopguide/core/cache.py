"""One content generation number for every cached reader page.

Page caches build their keys with `versioned_key()` (or pass `content_version()` as Django's cache
`version=`). Anything that changes what readers see calls `bump_content_version()` (articles do it
through `invalidate_article()`), which moves the number on in the shared cache — Redis in
production — so every instance misses its old pages at once; the old entries simply expire.

Scheduled publishing needs no daemon: apps register a function that returns the next moment their
content changes on its own (for example an article's future `published_at`). After each article
save `refresh_next_change()` asks them and stores the answer beside the number, and
`content_version()` bumps by itself once that moment has passed. Reading the number touches no
database (it runs before cached pages are served) except at that moment. Should the cache lose the
stored moment (eviction, flush), the next article save stores it again; until then cached pages
are at most their cache timeout late.
"""

import time
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "content:version"
# Epoch seconds of the next scheduled change; 0 or missing when nothing is known to be scheduled.
NEXT_CHANGE_KEY = "content:next-change"

_next_change_providers: list[Callable[[], datetime | None]] = []


def register_next_change(provider: Callable[[], datetime | None]) -> None:
    """Register a function returning the next time content changes without a save (or None)."""
    if provider not in _next_change_providers:
        _next_change_providers.append(provider)


def content_version() -> int:
    """The current generation number; include it in every page-cache key."""
    values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version = values.get(VERSION_KEY)
    next_change = values.get(NEXT_CHANGE_KEY)
    if next_change and next_change <= timezone.now().timestamp():
        version = bump_content_version()
        refresh_next_change()
        return version
    if version is None:
        version = _start_version()
    return version


def bump_content_version() -> int:
    """Invalidate every cached page on every instance; returns the new number."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # never set, or evicted
        version = _start_version()
    return version


def refresh_next_change() -> None:
    """Ask the registered providers when content next changes on its own, and remember it."""
    now = timezone.now()
    upcoming = [when for provider in _next_change_providers if (when := provider()) and when > now]
    cache.set(NEXT_CHANGE_KEY, min(upcoming).timestamp() if upcoming else 0, timeout=None)


def invalidate_article(article) -> None:
    """Readers see `article`'s change at once. Runs after the transaction commits, so no request
    can cache the old content again under the new number; the save may also have scheduled (or
    cancelled) a publication."""

    def after_commit():
        bump_content_version()
        refresh_next_change()

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
