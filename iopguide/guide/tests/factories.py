import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from iopguide.guide.models import Article, Reviewer


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Dana Reviewer {n}")
    slug = factory.Sequence(lambda n: f"dana-reviewer-{n}")
    credentials = "LCSW, licensed clinical social worker"
    bio = "Dana has worked in outpatient addiction treatment for ten years."
    disclosures = "None."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published, cited article, written by the team and not yet clinically reviewed;
    `reviewed=True` for one with a reviewer's sign-off, `draft=True` or status/published_at
    for other states."""

    class Meta:
        model = Article
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short plain summary of the article."
    section = "Understanding IOP"
    order = factory.Sequence(lambda n: n)
    body = "## First part\n\nSome plain words.\n\n## Second part\n\nMore words.\n"
    author = "IOP Guide editorial team"
    updated_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
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
        reviewed = factory.Trait(
            reviewer=factory.SubFactory(ReviewerFactory),
            reviewed_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=7)
            ),
        )


class SpanishArticleFactory(ArticleFactory):
    """A published Spanish article, the Spanish version of a new English one unless
    `translation_of` names another."""

    title = factory.Sequence(lambda n: f"Artículo {n}")
    slug = factory.Sequence(lambda n: f"articulo-{n}")
    summary = "Un resumen corto y sencillo del artículo."
    section = "Entender el IOP"
    body = "## Primera parte\n\nUnas palabras sencillas.\n\n## Segunda parte\n\nMás palabras.\n"
    author = "Equipo editorial de IOP Guide"
    language = "es"
    translation_of = factory.SubFactory(ArticleFactory)


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
