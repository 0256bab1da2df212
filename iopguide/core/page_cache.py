"""Whole-page cache for anonymous readers, keyed on the content generation number.

Views opt in with `@reader_page_cache` (home, guide, articles, facility, state and city pages,
Find Rehab results and compare). `ReaderPageCacheMiddleware`, placed right after WhiteNoise and
the conditional-GET middleware, stores their responses (with every header the inner middleware
added, as Django's own cache middleware does, and the body already compressed for the reader's
`Accept-Encoding`, so a hit sends the stored bytes) in the cache. Later anonymous GETs are
answered from there before the session, CSRF, auth middleware or the URL resolver run. Pages are
marked `Cache-Control: public, s-maxage=...` for a CDN.

A stored page carries the content generation (`iopguide.core.cache`) it was rendered under and is
served only while that is still current: `content_changed()` moves it on for every process and
server at once, so the cache itself may be each process's own memory (the embedded default) or
Redis (production). The key is the release, the language, the negotiated encoding, the path
and the query string with its parameters in a stable order (the same search typed in another
order is one entry).

In each process, one thread at a time draws a page: a reader asking for a page another thread is
drawing waits for it (up to SAME_PAGE_WAIT_SECONDS) and gets the stored copy. Without this, a
worker just started (or recycled) with an empty cache drew a popular search once per concurrent
reader, and those beyond Find Rehab's per-worker limit got 503s.

Never cached: requests carrying a session cookie (signed-in staff, draft previews), anything but
GET/HEAD, query parameters the view did not list, and responses that are not a plain 200 or that
set a cookie, vary on cookies, forbid caching, or used a CSP nonce (a stored body would keep a
nonce that the next response's header no longer allows: keep scripts external on these pages).
"""

import hashlib
import threading
import weakref
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.middleware.csp import get_nonce
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from .cache import generation, refresh_schedule, settle_version
from .compression import accepted_encoding
from .freshness import code_version

UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")
# How long a request waits for another thread of its process drawing the same page, before it
# draws the page itself.
SAME_PAGE_WAIT_SECONDS = 5
# Set on a view by @reader_page_cache: the query parameters that change its page.
QUERY_PARAMS_ATTR = "reader_page_cache_params"


def reader_page_cache(view=None, *, query_params: tuple[str, ...] = ()):
    """Let ReaderPageCacheMiddleware cache this view's page for anonymous readers.
    `query_params` lists the parameters that change the page (e.g. "page"); a request with any
    other parameter is served fresh and not stored."""

    def decorator(view):
        # functools.wraps in outer decorators (require_safe) copies the attribute outwards.
        setattr(view, QUERY_PARAMS_ATTR, frozenset(query_params))
        return view

    return decorator(view) if view else decorator


class ReaderPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = version = None
        schedule_known = True
        if _is_anonymous_read(request):
            # Looked up before resolving the URL: a hit costs one cache round trip, nothing else.
            # The release is part of the key: a deploy never serves the old release's markup.
            key = _page_key(request)
            version, stored, schedule_known = _lookup(key)
            if stored is not None:
                return _conditional(request, stored)
        if key is None or request.method != "GET":
            return self._render(request, key, version, schedule_known)
        # One thread of a process draws a page at a time: readers asking for the same page at
        # once (a link shared, a worker just started with an empty cache) wait for it and get
        # the stored copy, instead of each drawing it and meeting Find Rehab's limit (503).
        with _drawing_guard:
            drawing = _drawing.setdefault(key, _SamePage())
        waited = not drawing.lock.acquire(blocking=False)
        if waited and not drawing.lock.acquire(timeout=SAME_PAGE_WAIT_SECONDS):
            return self._render(request, key, version, schedule_known)
        try:
            if waited:  # drawn meanwhile, most likely
                version, stored, schedule_known = _lookup(key)
                if stored is not None:
                    return _conditional(request, stored)
            return self._render(request, key, version, schedule_known)
        finally:
            drawing.lock.release()

    def _render(self, request, key, version, schedule_known):
        response = self.get_response(request)
        query_params = _cached_view_params(request)
        if query_params is None:
            return response
        if key is None:
            patch_cache_control(response, private=True)
        elif (
            request.method == "GET"
            and _query_names(request) <= query_params
            and _is_shareable(request, response)
        ):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
                s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
            )
            if not response.has_header("ETag"):
                # The one ConditionalGetMiddleware would compute (a hash of the bytes), stored
                # with the page so a hit does not hash them again.
                set_response_etag(response)
            # Stored with the generation read before the view ran: a page rendered while content
            # changed carries the old number and is never served.
            cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
            if not schedule_known:
                # The cache lost the schedule (first start, restart, eviction): every hit would
                # need a second round trip until an article save stored it again. The view just
                # used the database; one more query stores it now.
                refresh_schedule()
        return response


class _SamePage:
    """The lock of one page being drawn; gone once no request holds it (a weak dictionary)."""

    __slots__ = ("__weakref__", "lock")

    def __init__(self):
        self.lock = threading.Lock()


_drawing: "weakref.WeakValueDictionary[str, _SamePage]" = weakref.WeakValueDictionary()
_drawing_guard = threading.Lock()


def _page_key(request) -> str:
    """The release, the language, the encoding the reader accepts, the path, and the query
    string with its parameters sorted by name (values of one name keep their order)."""
    query = request.META.get("QUERY_STRING", "")
    if "&" in query:
        query = "&".join(sorted(query.split("&"), key=lambda pair: pair.partition("=")[0]))
    address = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    # The path already says the language (PathLanguageMiddleware reads it, before this one);
    # the key says it too, so no other way of choosing one could share an entry.
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"page:{code_version()[0]}:{language}:{accepted_encoding(request)}:{address}"


def _query_names(request) -> set[str]:
    """The query string's parameter names, read without building request.GET (which answers a
    query string over Django's field limit with a bare 400 before the view can explain)."""
    query = request.META.get("QUERY_STRING", "")
    return {unquote_plus(pair.partition("=")[0]) for pair in query.split("&") if pair}


def _lookup(key: str):
    """The content generation, the stored page if it belongs to it, and whether the schedule of
    publications is known: one cache round trip whenever the generation is settled (with the
    generation in a file, that read is a memory access and the page costs the round trip)."""
    version, next_change, values = generation().read(key)
    if version is None or next_change != 0:  # not started, or a schedule to look at
        version = settle_version(version, next_change)
    stored_version, response = values.get(key, (None, None))
    return version, response if stored_version == version else None, next_change is not None


def _cached_view_params(request) -> frozenset[str] | None:
    """The query parameters of the @reader_page_cache view that answered, else None."""
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, QUERY_PARAMS_ATTR, None) if match else None


def _is_anonymous_read(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _is_shareable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
        and not get_nonce(request)
    )


def _conditional(request, response):
    """Answer If-None-Match / If-Modified-Since from the stored validators, as the view would."""
    if not (request.META.get("HTTP_IF_NONE_MATCH") or request.META.get("HTTP_IF_MODIFIED_SINCE")):
        return response  # most hits: nothing to compare, so no date to parse
    etag, last_modified = response.get("ETag"), response.get("Last-Modified")
    if not (etag or last_modified):
        return response
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )
