"""The guide's sitemap section: every published article."""

from iopguide.core.sitemaps import SiteSitemap

from .models import Article


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
