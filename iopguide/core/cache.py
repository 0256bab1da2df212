"""One content generation number for every cached reader page.

Page caches build their keys with `versioned_key()` (or pass `content_version()` as Django's cache
`version=`). Anything that changes what readers see calls `bump_content_version()` (articles do it
through `invalidate_article()`), which moves the number on in the shared cache — Redis in
production — so every instance misses its old pages at once; the old entries simply expire.

Scheduled publishing needs no daemon: apps register a function that returns the next moment their
content changes on its own (for example an article's future `published_at`). `content_version()`
bumps the number itself once that moment has passed.
"""

import time
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "content:version"
# Epoch seconds of the next scheduled change; 0 when nothing is scheduled.
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
    if next_change is None:
        next_change = _store_next_change()
    if next_change and next_change <= timezone.now().timestamp():
        return bump_content_version()
    if version is None:
        version = _start_version()
    return version


def bump_content_version() -> int:
    """Invalidate every cached page on every instance; returns the new number."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # never set, or evicted
        version = _start_version()
    # The change may have scheduled (or cancelled) something: look again on the next read.
    cache.delete(NEXT_CHANGE_KEY)
    return version


def invalidate_article(article) -> None:
    """Readers see `article`'s change at once. Runs after the transaction commits, so no request
    can cache the old content again under the new number."""
    transaction.on_commit(bump_content_version)


def versioned_key(*parts: object) -> str:
    """A cache key that changes whenever the content does, e.g. versioned_key("page", path)."""
    return ":".join(["content", str(content_version()), *map(str, parts)])


def _start_version() -> int:
    # Microseconds since the epoch: larger than any number handed out before an eviction, so a
    # restarted count can never land on an old page's key.
    start = time.time_ns() // 1000
    cache.add(VERSION_KEY, start, timeout=None)
    return cache.get(VERSION_KEY, start)


def _store_next_change() -> float:
    now = timezone.now()
    upcoming = [when for provider in _next_change_providers if (when := provider()) and when > now]
    next_change = min(upcoming).timestamp() if upcoming else 0
    cache.set(NEXT_CHANGE_KEY, next_change, timeout=None)
    return next_change
