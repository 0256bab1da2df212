from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "core"

# Reader pages, in each language (iopguide/urls.py mounts them under i18n_patterns).
urlpatterns = [
    path("", views.home, name="home"),
    path(pgettext_lazy("URL", "privacy/"), views.privacy, name="privacy"),
]


def crawler_urls(sitemaps: dict) -> tuple[list, str]:
    """robots.txt, the sitemap index and its sections (namespace "crawlers"), built from
    `sitemaps` (the project package assembles them from the apps, so core needs to know no app).
    One address each, in no language: the sitemaps list both languages' pages."""
    return [
        path("robots.txt", views.robots_txt, name="robots_txt"),
        path("sitemap.xml", views.sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
        path(
            "sitemap-<slug:section>.xml",
            views.sitemap_section,
            {"sitemaps": sitemaps},
            name="sitemap_section",
        ),
    ], "crawlers"
