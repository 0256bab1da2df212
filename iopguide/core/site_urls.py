"""Absolute URLs for crawlers, always built from settings.SITE_URL and never from the request's
Host header, so a proxy or an unexpected host name can't leak into canonical links or sitemaps."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (starting with /) on the site's public origin."""
    return f"{settings.SITE_URL}{path}"


def site_protocol() -> str:
    return urlsplit(settings.SITE_URL).scheme


def site_domain() -> str:
    """Host (and port, when there is one) of SITE_URL."""
    return urlsplit(settings.SITE_URL).netloc
