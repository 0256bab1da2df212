import sys

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from .outages import DATABASE_UNAVAILABLE, database_unavailable
from .page_cache import reader_page_cache
from .site_urls import absolute_url

# A page's description is written once: its meta description and its JSON-LD both read it.
PRIVACY_DESCRIPTION = _(
    "What IOP Guide stores and what it never collects: no tracking, no ads, no search history."
)


@require_safe
@reader_page_cache
def home(request):
    return render(request, "core/home.html")


@require_safe
def privacy(request):
    return render(request, "core/privacy.html", {"description": PRIVACY_DESCRIPTION})


@never_cache
def healthz(request):
    """200 when the database answers, 503 when not. Served by HealthCheckMiddleware.

    The shared cache is reported but never fails the check: without it pages are only slower
    (they render fresh), and a load balancer must not pull instances that can still serve."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": _cache_state()})


def _cache_state() -> str:
    # Cache errors are ignored (settings: IGNORE_EXCEPTIONS), so a round trip tells.
    cache.set("healthz", 1, timeout=10)
    return "ok" if cache.get("healthz") == 1 else "unavailable"


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None, message: str = ""):
    """The site's 400 page (handler400, and RejectUnstorableInputMiddleware)."""
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request):
    """The 500 page, or the 503 page when the error was the database not answering (a restart,
    an outage): readers are told to retry, with Retry-After, and the log gets a line, not a
    traceback per request."""
    error = sys.exception()
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable(request, error)
    return render(request, "500.html", status=500)


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "allow_indexing": settings.ROBOTS_ALLOW_INDEXING,
            "sitemap_url": absolute_url(reverse("crawlers:sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )


# Sitemaps go through the reader page cache: built once per content generation (the facility
# section is thousands of URLs), and fresh as soon as an article or facility changes.
@require_safe
@reader_page_cache
@sitemap_views.x_robots_tag
def sitemap_index(request, sitemaps):
    """Like Django's sitemap index view, but with section URLs on SITE_URL (Django's takes the
    domain from the sites framework). `sitemaps`: {section: Sitemap class}, given by the URLconf
    (iopguide/sitemaps.py assembles them from the apps)."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("crawlers:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        entries += [
            sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
@reader_page_cache(query_params=("p",))
def sitemap_section(request, section, sitemaps):
    return sitemap_views.sitemap(request, sitemaps=sitemaps, section=section)
