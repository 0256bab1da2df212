"""The site's URL map, one hop deep: each app's routes under their real prefixes.
docs/architecture.md lists them; tests/test_architecture.py keeps the two in step.

Reader pages are in English at their old addresses and in Spanish under /es/ with Spanish
prefixes (i18n_patterns; the translations are the "URL" entries of locale/es). The admin, the
editors' tools, uploads, robots.txt and the sitemaps have one address, in no language.

/healthz is in no URLconf: HealthCheckMiddleware (core/middleware.py) answers it before host
validation and the HTTPS redirect, so a load balancer can ask by IP address."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import pgettext_lazy

from iopguide.core import urls as core_urls
from iopguide.directory import urls as directory_urls
from iopguide.guide import urls as guide_urls
from iopguide.guide.editor_views import serve_upload

from .sitemaps import SITEMAPS

guide = (
    [
        path(pgettext_lazy("URL", "guide/"), include(guide_urls.articles)),
        # The guide's sources list and its search sit at the top level: they cover every article
        # and every page links to them (the footer, the WebSite SearchAction).
        path(pgettext_lazy("URL", "sources/"), include(guide_urls.sources)),
        path(pgettext_lazy("URL", "search/"), include(guide_urls.search)),
        path(pgettext_lazy("URL", "tools/"), include(guide_urls.tools)),
    ],
    guide_urls.app_name,
)
directory = (
    [
        path(pgettext_lazy("URL", "find-rehab/"), include(directory_urls.find_rehab)),
        path(pgettext_lazy("URL", "facilities/"), include(directory_urls.facility_pages)),
        path(pgettext_lazy("URL", "compare/"), include(directory_urls.compare_pages)),
    ],
    directory_urls.app_name,
)

urlpatterns = [
    # robots.txt and the sitemaps assembled from the apps' own.
    path("", include(core_urls.crawler_urls(SITEMAPS))),
    # The editors' markdown preview and image upload (guide/markdownx_urls.py, staff only).
    path("markdownx/", include("iopguide.guide.markdownx_urls")),
    path("admin/", admin.site.urls),
    # Uploaded images, from disk or object storage, with DEBUG on or off (docs/editors.md).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload, name="media"),
    # Home and privacy, the guide and the directory: English at /, Spanish at /es/, never a
    # redirect by the browser's language.
    *i18n_patterns(
        path("", include(core_urls)),
        path("", include(guide)),
        path("", include(directory)),
        prefix_default_language=False,
    ),
]

handler400 = "iopguide.core.views.bad_request"
handler404 = "iopguide.core.views.page_not_found"
handler500 = "iopguide.core.views.server_error"

admin.site.site_header = "IOP Guide editors"
admin.site.site_title = "IOP Guide admin"
# Editors start on what needs doing (each app adds its panel), above the list of models.
admin.site.index_template = "admin/start.html"
