"""Whole-page cache for anonymous readers, keyed on the content generation number.

Views opt in with `@reader_page_cache` (articles, facility, state and city pages).
`ReaderPageCacheMiddleware`, placed right after WhiteNoise, stores their pages — with every
header the inner middleware added — in the shared cache (Redis in production, so every instance
answers from the same entries) and serves later anonymous GETs from there before the session,
CSRF, auth or URL resolver run. Pages are marked `Cache-Control: public, s-maxage=...` for a CDN.
Any content change bumps the generation number (`iopguide.core.cache`), which changes every key
at once; old entries simply expire.

Never cached: requests carrying a session cookie (signed-in staff, draft previews), anything but
GET/HEAD, query parameters the view did not list, and responses that are not a plain 200 or that
set a cookie, vary on cookies, forbid caching, or used a CSP nonce (a stored body would keep a
nonce that the next response's header no longer allows: keep scripts external on these pages).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.http import parse_http_date_safe

from .cache import bump_content_version, versioned_key

UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")
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
        query_params = _cached_view_params(request)
        if query_params is None:
            return self.get_response(request)
        if not _is_anonymous_read(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        if not set(request.GET) <= query_params:
            return self.get_response(request)
        # The key is fixed before the view runs, so a page rendered while content changes is
        # stored under the old generation, which nobody reads any more.
        key = versioned_key("page", hashlib.sha256(request.get_full_path().encode()).hexdigest())
        stored = cache.get(key)
        if stored is not None:
            return _conditional(request, _thaw(stored))
        response = self.get_response(request)
        if request.method == "GET" and _is_shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
                s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
            )
            cache.set(key, _freeze(response), settings.PAGE_CACHE_SECONDS)
        return response


def _cached_view_params(request) -> frozenset[str] | None:
    """The query parameters of the @reader_page_cache view this request goes to, else None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, QUERY_PARAMS_ATTR, None)


def invalidate_pages_on_change(*models) -> None:
    """Bump the content generation after any save or delete of these models commits."""
    for model in models:
        post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )


def _bump_after_commit(**kwargs):
    transaction.on_commit(bump_content_version)


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


def _freeze(response) -> tuple[bytes, list[tuple[str, str]]]:
    return response.content, list(response.headers.items())


def _thaw(stored) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def _conditional(request, response):
    """Answer If-None-Match / If-Modified-Since from the stored validators, as the view would."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
