"""The sitemap sections behind /sitemap.xml (an index, so each section can grow past 50,000
URLs by splitting into pages). Every URL is absolute on SITE_URL."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from iopguide.core.site_urls import site_domain, site_protocol
from iopguide.directory.models import Facility
from iopguide.directory.states import STATE_NAMES
from iopguide.guide.models import Article


class SiteSitemap(Sitemap):
    """Builds locations on SITE_URL instead of the sites framework's domain or the request."""

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class StaticPagesSitemap(SiteSitemap):
    url_names = [
        "core:home",
        "guide:index",
        "guide:sources",
        "directory:find_rehab",
        "core:privacy",
    ]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "reviewed_on", "published_at")
            .order_by("section", "order", "pk")
        )

    def lastmod(self, article):
        """The last review, else the publication date: an edit that fixes a typo is no news
        to a crawler."""
        return article.reviewed_on or article.published_at.date()


class FacilitySitemap(SiteSitemap):
    # Below the protocol's 50,000 so one cold page stays a few seconds of work (about 0.15 ms a
    # URL unloaded, several times that on a busy machine), well inside the worker timeout.
    limit = 10_000

    def items(self):
        return Facility.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, facility):
        return facility.updated_at

    def get_latest_lastmod(self):
        return Facility.objects.active().aggregate(latest=Max("updated_at"))["latest"]


def browse_pages():
    """State and city browse pages with their last change, from one aggregate query over active
    facilities: [(path, lastmod)], every state, then every city. Only states the directory
    has pages for (a code outside STATE_NAMES would be a 404)."""
    rows = (
        Facility.objects.active()
        .filter(state__in=STATE_NAMES)
        .values("state", "city_slug")
        .annotate(latest=Max("updated_at"))
        .order_by("state", "city_slug")
    )
    states: dict[str, object] = {}
    cities: dict[tuple[str, str], object] = {}
    for row in rows:
        state = row["state"].lower()
        states[state] = max(states.get(state, row["latest"]), row["latest"])
        key = (state, row["city_slug"])
        if key[1]:
            cities[key] = max(cities.get(key, row["latest"]), row["latest"])
    pages = [
        (reverse("directory:state", kwargs={"state": state}), latest)
        for state, latest in states.items()
    ]
    pages += [
        (reverse("directory:city", kwargs={"state": state, "city": city}), latest)
        for (state, city), latest in cities.items()
    ]
    return pages


class BrowseSitemap(SiteSitemap):
    @cached_property
    def pages(self):
        return browse_pages()

    def items(self):
        return self.pages

    def location(self, page):
        return page[0]

    def lastmod(self, page):
        return page[1]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "guide": ArticleSitemap,
    "browse": BrowseSitemap,
    "facilities": FacilitySitemap,
}
