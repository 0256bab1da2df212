"""English articles and their Spanish twins, as readers and editors meet them: the other
language's address of a page, the English articles the Spanish index lists until they are
translated, and the editors' lists of missing and out-of-date translations."""

from django.db.models import F, Q

from .languages import SPANISH_SECTIONS, Language
from .models import SECTION_ORDER, Article


def published_twin(article: Article) -> Article | None:
    """The article in the other language, when readers can see it (one query, either way)."""
    if article.language == Language.SPANISH:
        linked = Q(pk=article.translation_of_id)
    else:
        linked = Q(translation_of=article.pk)
    return Article.objects.published().filter(linked).only("slug", "language").first()


def language_alternates(article: Article) -> dict[str, str]:
    """{language: path} of the article and its published twin (no key: no twin), for the
    language switch and the hreflang links the base template draws."""
    alternates = {article.language: article.get_absolute_url()}
    if twin := published_twin(article):
        alternates[twin.language] = twin.get_absolute_url()
    return alternates


def untranslated(articles):
    """English articles among `articles` that have no published Spanish twin."""
    translated = Article.objects.published().filter(language=Language.SPANISH)
    return articles.filter(language=Language.ENGLISH).exclude(spanish_twin__in=translated)


def with_english_only(listing: list[Article], english_only: list[Article]) -> list[Article]:
    """The Spanish index: Spanish articles and, in their sections' places, the English articles
    without a Spanish version, marked `english_only` and grouped under the Spanish section name."""
    for article in english_only:
        article.english_only = True
        article.section = SPANISH_SECTIONS.get(article.section, article.section)
    spanish_rank = {name: rank for rank, name in enumerate(SPANISH_SECTIONS.values())}

    def position(article):
        rank = spanish_rank.get(article.section, len(SECTION_ORDER))
        return (rank, article.section, article.order, article.title)

    return sorted([*listing, *english_only], key=position)


def missing_translations():
    """Published English articles with no Spanish twin at all, for the editors' start page."""
    return Article.objects.published().filter(language=Language.ENGLISH, spanish_twin=None)


def stale_translations():
    """Spanish twins whose English article changed in substance after them (its "Updated" date
    is later), so the Spanish text may no longer say the same."""
    return (
        Article.objects.filter(language=Language.SPANISH)
        .filter(
            Q(translation_of__updated_on__gt=F("updated_on"))
            | Q(updated_on=None, translation_of__updated_on__isnull=False)
        )
        .select_related("translation_of")
        .order_by("translation_of__updated_on")
    )
