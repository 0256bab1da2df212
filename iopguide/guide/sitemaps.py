"""The guide's sitemap section: every published article, in both languages, with hreflang
alternates (and x-default, the English page) for an article whose twin is published too."""

from iopguide.core.sitemaps import SiteSitemap

from .languages import Language
from .models import Article


class ArticleSitemap(SiteSitemap):
    def items(self):
        articles = list(
            Article.objects.published()
            .only("slug", "language", "translation_of", "updated_on", "reviewed_on", "published_at")
            .order_by("language", "section", "order", "pk")
        )
        # Pair the twins in memory: one query, whatever the number of articles.
        by_pk = {article.pk: article for article in articles}
        for article in articles:
            article.twins = {article.language: article}
        for spanish in articles:
            english = by_pk.get(spanish.translation_of_id)
            if english is not None:
                english.twins[Language.SPANISH] = spanish
                spanish.twins[Language.ENGLISH] = english
        return articles

    def lastmod(self, article):
        """The last change in substance or the last review, whichever is later, else the
        publication date: an edit marked minor (a typo) is no news to a crawler."""
        dates = [day for day in (article.updated_on, article.reviewed_on) if day]
        return max(dates) if dates else article.published_at.date()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            twins = url["item"].twins
            if len(twins) < 2:  # hreflang only between real twins
                continue
            locations = {code: base + twin.get_absolute_url() for code, twin in twins.items()}
            url["alternates"] = [
                *({"location": loc, "lang_code": code} for code, loc in sorted(locations.items())),
                {"location": locations[Language.ENGLISH], "lang_code": "x-default"},
            ]
        return urls
