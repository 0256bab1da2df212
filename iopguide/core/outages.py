"""Answering and logging while Redis or the database is unreachable.

An outage fails every request the same way; a traceback each time (18,497 of them in 20 s of a
Redis outage) buries everything else in the log. `ThrottledOutageFilter` lets through one line
per kind of failure per interval, with the count of failures since the previous line.
"""

import logging
import threading
import time
from functools import cache

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

# Errors meaning "the database is not answering" (down, restarting, connection dropped), as
# opposed to errors in a query, which stay 500s.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

logger = logging.getLogger("iopguide.outages")


@cache
def _unavailable_page() -> str:
    # Rendered once per process: under overload it is the answer to most requests.
    return render_to_string("503.html")


def service_unavailable(request=None) -> HttpResponse:
    """The site's 503 page with Retry-After. The template is plain HTML that reads nothing from
    the database, so it renders in any outage."""
    response = HttpResponse(_unavailable_page(), status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request, error: BaseException) -> HttpResponse:
    """The 503 for a request that failed because the database did not answer; logged once per
    interval (iopguide.outages), not by Django's request logger for each request."""
    kind = type(error).__name__
    logger.error(
        "Database unavailable: %s: %s", kind, _first_line(error), extra={"outage_kind": kind}
    )
    response = service_unavailable(request)
    response._has_been_logged = True  # django.request would log every one of them
    return response


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:200]


class ThrottledOutageFilter(logging.Filter):
    """For outage loggers (django_redis.cache, iopguide.outages): one record per kind of failure
    (logger and exception type) per OUTAGE_LOG_INTERVAL seconds, without the traceback, saying
    how many were held back since the last one. Other records pass untouched."""

    def __init__(self, interval: float | None = None):
        super().__init__()
        self.interval = interval
        self._lock = threading.Lock()
        self._kinds: dict[tuple, list] = {}  # kind -> [time of the last line, held back]
        self.clock = time.monotonic

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind, detail = self._kind(record)
        interval = self.interval if self.interval is not None else settings.OUTAGE_LOG_INTERVAL
        now = self.clock()
        with self._lock:
            state = self._kinds.get(kind)
            if state is not None and now - state[0] < interval:
                state[1] += 1
                return False
            held_back = state[1] if state else 0
            self._kinds[kind] = [now, 0]
        if record.exc_info:
            record.msg, record.args = f"{record.getMessage()} ({detail})", None
            record.exc_info = record.exc_text = None
        if held_back:
            record.msg = (
                f"{record.getMessage()} [{held_back:,} more since the last line, "
                f"at most one line per {interval:g} s]"
            )
            record.args = None
        return True

    def forget(self) -> None:
        """Start counting afresh (tests)."""
        with self._lock:
            self._kinds.clear()

    @staticmethod
    def _kind(record: logging.LogRecord) -> tuple[tuple, str]:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            detail = f"{type(error).__name__}: {_first_line(error)}"
            return (record.name, type(error).__name__), detail
        return (record.name, getattr(record, "outage_kind", str(record.msg))), ""
