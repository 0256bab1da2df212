"""What every sitemap section shares: locations on SITE_URL. The sections themselves belong to
the apps (guide/sitemaps.py, directory/sitemaps.py); iopguide/sitemaps.py assembles them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .site_urls import site_domain, site_protocol


class SiteSitemap(Sitemap):
    """Builds locations on SITE_URL instead of the sites framework's domain or the request."""

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class BilingualSitemap(SiteSitemap):
    """Each page in English and in Spanish, every entry with its hreflang alternates and the
    English page as x-default; `location` runs once per language (under that language), so a
    reverse() gives that language's address."""

    i18n = True
    alternates = True
    x_default = True


class NamedPagesSitemap(BilingualSitemap):
    """Pages with no model behind them, listed by URL name."""

    url_names: list[str] = []

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
