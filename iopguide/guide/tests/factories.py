import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from iopguide.guide.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published, reviewed, cited article; `draft=True` or status/published_at for others."""

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
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
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

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; `role` puts them in one of the groups the roles migration creates."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))
