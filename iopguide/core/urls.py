from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]


def with_sitemaps(sitemaps: dict) -> tuple[list, str]:
    """core's URLs plus the sitemap index and its sections, built from `sitemaps` (the project
    package assembles them from the apps, so core needs to know no app)."""
    sitemap_urls = [
        path("sitemap.xml", views.sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
        path(
            "sitemap-<slug:section>.xml",
            views.sitemap_section,
            {"sitemaps": sitemaps},
            name="sitemap_section",
        ),
    ]
    return urlpatterns + sitemap_urls, app_name
