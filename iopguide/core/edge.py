"""The edge cache: Varnish in front of the app servers (deploy/varnish/default.vcl).

`EdgeTagMiddleware` marks every reader page the page cache shares (`Cache-Control: public`) with
one site-wide tag, `xkey: iopguide-content`, and tells Varnish how long it may keep the page
(`Surrogate-Control: max-age=...`, never past the next scheduled publication). `purge_content()`
runs wherever the content generation moves on (`iopguide.core.cache._announce_change`, where
every `content_changed()` lands), so
every change that drops the shared page cache drops the edge's copies too, on every Varnish in
EDGE_PURGE_URLS, with one PURGE request each.

A purge never blocks or fails a change: a Varnish that does not answer within
EDGE_PURGE_TIMEOUT is logged (logger `iopguide.core.edge`, WARNING) and retried in the
background with growing pauses for EDGE_PURGE_RETRY_SECONDS, then given up with an ERROR (its
pages then live at most their EDGE_CACHE_SECONDS). Nothing here runs without EDGE_PURGE_URLS:
pages are then not tagged, and the VCL passes untagged pages through uncached.
"""

import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

# The module, not its names: iopguide.core.cache calls purge_content() and imports this one.
from . import cache as generation

logger = logging.getLogger(__name__)

CONTENT_TAG = "iopguide-content"
# Pauses between retries of a failed purge: doubling from the first, never longer than the last.
FIRST_RETRY_PAUSE = 0.5
LONGEST_RETRY_PAUSE = 30.0


def purge_content() -> None:
    """Drop every tagged page from every edge cache; failures are retried in the background."""
    for url in settings.EDGE_PURGE_URLS:
        if send_purge(url):
            _retries.forget(url)  # this purge covers any that failed before
        else:
            _retries.add(url)


def send_purge(url: str) -> bool:
    """One PURGE of the content tag to the Varnish at `url`; True when it answered 200."""
    request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": CONTENT_TAG})
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        logger.warning("Edge purge refused by %s: HTTP %s", url, error.code)
        return False
    except (OSError, ValueError) as error:  # refused, timed out, unresolvable, malformed URL
        logger.warning("Edge purge failed for %s: %s", url, error)
        return False
    logger.debug("Edge purged at %s", url)
    return True


class _PurgeRetries:
    """Failed purges, retried by one daemon thread per process (started on the first failure,
    so gunicorn's preloading master never owns it), until they succeed or time runs out."""

    def __init__(self):
        self._lock = threading.Lock()
        self._first_failure: dict[str, float] = {}
        self._thread: threading.Thread | None = None

    def add(self, url: str) -> None:
        with self._lock:
            self._first_failure.setdefault(url, time.monotonic())
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="edge-purge", daemon=True)
                self._thread.start()

    def forget(self, url: str) -> None:
        with self._lock:
            self._first_failure.pop(url, None)

    def pending(self) -> set[str]:
        with self._lock:
            return set(self._first_failure)

    def _run(self) -> None:
        pause = FIRST_RETRY_PAUSE
        while True:
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_RETRY_PAUSE)
            with self._lock:
                if not self._first_failure:
                    self._thread = None
                    return
                failing = dict(self._first_failure)
            for url, since in failing.items():
                if send_purge(url):
                    logger.info("Edge purge at %s succeeded on retry", url)
                    self.forget(url)
                elif time.monotonic() - since > settings.EDGE_PURGE_RETRY_SECONDS:
                    logger.error(
                        "Edge purge at %s given up after %s s: its pages may be up to %s s old",
                        url,
                        settings.EDGE_PURGE_RETRY_SECONDS,
                        settings.EDGE_CACHE_SECONDS,
                    )
                    self.forget(url)


_retries = _PurgeRetries()


def edge_seconds() -> int:
    """How long the edge may keep a page: EDGE_CACHE_SECONDS, cut short by the next scheduled
    publication (nothing purges at that moment: the page simply expires then)."""
    seconds = settings.EDGE_CACHE_SECONDS
    next_change = generation.generation().next_scheduled()
    if next_change:
        seconds = min(seconds, int(next_change - timezone.now().timestamp()) + 1)
    return max(seconds, 1)


class EdgeTagMiddleware:
    """Tags the pages the page cache marked shareable, for Varnish. Sits outside the page cache
    middleware, so pages it answers from the shared cache are tagged alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.EDGE_PURGE_URLS and _is_shared_page(request, response):
            response["xkey"] = CONTENT_TAG
            response["Surrogate-Control"] = f"max-age={edge_seconds()}"
        return response


def _is_shared_page(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    directives = {part.strip().partition("=")[0] for part in cache_control.split(",")}
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and "public" in directives
        and not directives & {"private", "no-cache", "no-store"}
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )
