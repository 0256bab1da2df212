"""The guide's two languages: their codes, the Spanish names of the guide's sections, and each
language's PostgreSQL text search configuration (docs/content.md, docs/search.md)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


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


class Bilingual(models.Model):
    """An article's language and its link to its English twin (guide.Article inherits them)."""

    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, db_index=True
    )
    # A Spanish article's English twin: the article it is the Spanish version of (one each).
    translation_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        # Deleting an English article that has a Spanish version is refused, unless both go.
        on_delete=models.RESTRICT,
        related_name="spanish_twin",
        limit_choices_to={"language": Language.ENGLISH},
        verbose_name="Spanish version of",
        help_text="Spanish articles only: the English article this is the Spanish version of.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(language=Language.ENGLISH, translation_of__isnull=True)
                | Q(language=Language.SPANISH, translation_of__isnull=False),
                name="guide_article_spanish_has_english_twin",
                violation_error_message="A Spanish article names its English twin; an English "
                "article names none.",
            )
        ]

    def clean(self):
        super().clean()
        if errors := twin_errors(self):
            raise ValidationError(errors)

    def twin(self):
        """The same article in the other language, if there is one (published or not)."""
        if self.language == Language.SPANISH:
            return self.translation_of
        try:
            return self.spanish_twin
        except type(self).DoesNotExist:
            return None
