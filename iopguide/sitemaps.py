"""The sitemap sections behind /sitemap.xml (an index, so each section can grow past 50,000
URLs by splitting into pages), assembled from the apps' own sitemaps. Every URL is absolute on
SITE_URL."""

from iopguide.core.sitemaps import NamedPagesSitemap
from iopguide.directory.sitemaps import BrowseSitemap, FacilitySitemap
from iopguide.guide.sitemaps import ArticleSitemap


class StaticPagesSitemap(NamedPagesSitemap):
    url_names = [
        "core:home",
        "guide:index",
        "guide:sources",
        "guide:self_check",
        "guide:call_worksheet",
        "directory:find_rehab",
        "core:privacy",
    ]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "guide": ArticleSitemap,
    "browse": BrowseSitemap,
    "facilities": FacilitySitemap,
}
