"""Whole-page cache for anonymous readers, keyed on the content generation number.

`@reader_page_cache` serves a reading page (article, facility, state, city) from the shared
cache — Redis in production, so every instance answers from the same entries — and marks it
`Cache-Control: public, s-maxage=...` for a CDN. Any content change bumps the generation number
(`iopguide.core.cache`), which changes every key at once; old entries simply expire.

Never cached: requests carrying a session cookie (signed-in staff, draft previews), anything but
GET/HEAD, unexpected query parameters, and responses that are not a plain 200 or that set a
cookie, vary on cookies, forbid caching, or carry a CSP nonce (a cached body would keep an old
nonce that the next response's header no longer allows).
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.http import parse_http_date_safe

from .cache import bump_content_version, versioned_key

UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def reader_page_cache(view=None, *, query_params: tuple[str, ...] = ()):
    """Cache the view's page for anonymous readers. `query_params` lists the parameters that
    change the page (e.g. "page"); a request with any other parameter is served uncached."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if not _is_reader_request(request, query_params):
                response = view(request, *args, **kwargs)
                if settings.SESSION_COOKIE_NAME in request.COOKIES:
                    patch_cache_control(response, private=True)
                return response
            key = versioned_key("page", _page_identity(request, query_params))
            stored = cache.get(key)
            if stored is not None:
                return _conditional(request, _thaw(stored))
            response = view(request, *args, **kwargs)
            if request.method == "GET" and _is_shareable_response(response):
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
                    s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
                )
                cache.set(key, _freeze(response), settings.PAGE_CACHE_SECONDS)
            return response

        return cached_view

    return decorator(view) if view else decorator


def invalidate_pages_on_change(*models) -> None:
    """Bump the content generation after any save or delete of these models commits."""
    for model in models:
        post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )


def _bump_after_commit(**kwargs):
    transaction.on_commit(bump_content_version)


def _is_reader_request(request, query_params) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= set(query_params)
    )


def _page_identity(request, query_params) -> str:
    values = "&".join(f"{name}={request.GET[name]}" for name in query_params if name in request.GET)
    return f"{request.path}?{values}"


def _is_shareable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
        and b'nonce="' not in response.content
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
