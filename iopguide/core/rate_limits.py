"""Hourly limits on what one client may send (problem reports, program updates, guesses at
review links), keyed on the real client address (client_address.py) in the shared cache."""

from django.core.cache import cache

from .client_address import client_address

HOUR = 60 * 60


def hourly_limit_reached(request, bucket: str, per_hour: int) -> bool:
    """Count one more accepted submission to `bucket` from this client; True once that makes
    more than `per_hour` within the hour. Call it only for submissions that would be stored, so
    a form sent back with errors costs nothing."""
    key = _key(request, bucket)
    cache.add(key, 0, HOUR)
    try:
        # None when the shared cache is unreachable: the limit is lifted rather than the form.
        return (cache.incr(key) or 0) > per_hour
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, HOUR)
        return False


def hourly_count(request, bucket: str) -> int:
    """How many this client has counted to `bucket` within the hour, without counting one: for
    a limit that must hold before the request is looked at (0 when the cache is unreachable)."""
    return cache.get(_key(request, bucket)) or 0


def _key(request, bucket: str) -> str:
    return f"limit:{bucket}:{client_address(request)}"
