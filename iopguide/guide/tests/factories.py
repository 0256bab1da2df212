import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from iopguide.guide.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = factory.LazyAttribute(lambda article: f"What to know about {article.title}.")
    section = "Basics"
    body = "## What it is\n\nA program you attend while you live at home."
    reviewed_by = "Dana Reyes, MD"
    reviewed_on = factory.LazyFunction(timezone.localdate)
    sources = factory.LazyFunction(
        lambda: [{"title": "Treatment", "publisher": "SAMHSA", "url": "https://www.samhsa.gov/"}]
    )
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

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
