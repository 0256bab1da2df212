"""The guide's sitemap section: every published article."""

from iopguide.core.sitemaps import SiteSitemap

from .models import Article


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "updated_on", "reviewed_on", "published_at")
            .order_by("section", "order", "pk")
        )

    def lastmod(self, article):
        """The last change in substance or the last review, whichever is later, else the
        publication date: an edit marked minor (a typo) is no news to a crawler."""
        dates = [day for day in (article.updated_on, article.reviewed_on) if day]
        return max(dates) if dates else article.published_at.date()
