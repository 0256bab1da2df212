"""The directory's sitemap sections: every active facility, and the state and city pages."""

from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from iopguide.core.sitemaps import BilingualSitemap

from .models import Facility
from .states import STATE_NAMES


class FacilitySitemap(BilingualSitemap):
    # Entries, each facility twice (English, Spanish). Below the protocol's 50,000 so one cold
    # page stays a few seconds of work (about 0.15 ms a URL unloaded, several times that on a
    # busy machine, more with the hreflang alternates), well inside the worker timeout.
    limit = 10_000

    def items(self):
        return Facility.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, facility):
        return facility.updated_at

    def get_latest_lastmod(self):
        return Facility.objects.active().aggregate(latest=Max("updated_at"))["latest"]


def browse_pages():
    """State and city browse pages with their last change, from one aggregate query over active
    facilities: [(url name, its arguments, lastmod)], every state, then every city. Only states
    the directory has pages for (a code outside STATE_NAMES would be a 404)."""
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
    pages = [("directory:state", {"state": state}, latest) for state, latest in states.items()]
    pages += [
        ("directory:city", {"state": state, "city": city}, latest)
        for (state, city), latest in cities.items()
    ]
    return pages


class BrowseSitemap(BilingualSitemap):
    @cached_property
    def pages(self):
        return browse_pages()

    def items(self):
        return self.pages

    def location(self, page):
        return reverse(page[0], kwargs=page[1])

    def lastmod(self, page):
        return page[2]
