"""The guide's two languages: their codes, the Spanish names of the guide's sections, and each
language's PostgreSQL text search configuration (docs/content.md, docs/search.md)."""

from django.db import models
from django.utils import translation


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


# The guide's sections (models.SECTION_ORDER) as Spanish readers see them.
SPANISH_SECTIONS = {
    "Understanding IOP": "Entender el IOP",
    "Inside a program": "Dentro de un programa",
    "Deciding and choosing": "Decidir y elegir",
    "Care for your situation": "Atención según su situación",
    "Family and recovery": "Familia y recuperación",
    "Help and answers": "Ayuda y respuestas",
    "About us": "Sobre nosotros",
}

# PostgreSQL text search configuration per language; spanish_unaccent (migration 0012) is
# Spanish stemming with accents ignored, so "adiccion" finds "adicción".
SEARCH_CONFIGS = {Language.ENGLISH: "english", Language.SPANISH: "spanish_unaccent"}


def current_language() -> str:
    """The language of the page being served ("en" or "es"), from Django's active language."""
    code = (translation.get_language() or "")[:2]
    return code if code in Language.values else Language.ENGLISH


def twin_errors(article) -> dict[str, str]:
    """What is wrong with an article's language and twin link, by field (Article.clean)."""
    if article.language == Language.ENGLISH and article.translation_of_id:
        return {"translation_of": "Only a Spanish article is the Spanish version of another."}
    if article.language != Language.SPANISH:
        return {}
    if not article.translation_of_id:
        return {"translation_of": "Choose the English article this is the Spanish version of."}
    if article.pk and type(article).objects.filter(translation_of=article.pk).exists():
        return {"language": "This article has a Spanish version, so it stays English."}
    return {}
