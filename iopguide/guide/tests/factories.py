import datetime

import factory
from django.utils import timezone

from iopguide.guide.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published, reviewed, cited article; pass status/published_at for drafts and schedules."""

    class Meta:
        model = Article
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short plain summary of the article."
    section = "Understanding IOP"
    order = factory.Sequence(lambda n: n)
    body = "## First part\n\nSome plain words.\n\n## Second part\n\nMore words.\n"
    reviewed_by = "Dana Reviewer, LCSW"
    reviewed_on = datetime.date(2026, 11, 20)
    sources = factory.LazyFunction(
        lambda: [
            {
                "title": "TIP 47",
                "publisher": "SAMHSA",
                "url": "https://store.samhsa.gov/product/tip-47",
            }
        ]
    )
    related = factory.LazyFunction(list)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
