"""The quality checks on a Spanish article: Spanish reading ease and Spanish person-first words,
and the English rules left to English articles."""

import pytest
from django.urls import reverse
from django.utils import translation

from iopguide.guide import quality
from iopguide.guide.quality_spanish import MIN_READING_EASE, reading_ease

from .factories import SpanishArticleFactory

pytestmark = pytest.mark.django_db

PLAIN = "Un IOP es un tipo de tratamiento. Usted va unas horas al día. Luego vuelve a su casa."
HARD = (
    "La implementación multidisciplinaria de intervenciones psicoterapéuticas "
    "individualizadas, complementadas con farmacoterapia especializada, constituye "
    "actualmente la metodología terapéutica predominantemente recomendada internacionalmente."
)


def codes(article):
    return {warning.code for warning in quality.check_article(article)}


def test_plain_spanish_passes_and_dense_spanish_gets_the_reading_ease_warning():
    assert reading_ease(PLAIN) >= MIN_READING_EASE > reading_ease(HARD)
    assert "reading-ease" not in codes(SpanishArticleFactory(body=PLAIN))
    warnings = quality.check_article(SpanishArticleFactory(body=HARD))
    message = next(str(w) for w in warnings if w.code == "reading-ease")
    assert "Fernández-Huerta" in message and f"aim for {MIN_READING_EASE}" in message
    assert "reading-grade" not in {w.code for w in warnings}  # the English grade is not used


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Su hijo no es un adicto.", "adicto"),
        ("Los drogadictos también se recuperan.", "drogadictos"),
        ("Mi padre alcohólico fue a un IOP.", "padre alcohólico"),
        ("Es alcohólico desde hace años.", "es alcohólico"),
        ("Ningún abusador es igual.", "abusador"),
        ("La prueba salió limpia.", "salió limpia"),
        ("Lleva 90 días limpio.", "días limpio"),
        ("Un examen de orina sucio.", "examen de orina sucio"),
    ],
)
def test_spanish_labels_for_people_are_flagged_with_a_person_first_fix(text, flagged):
    warnings = quality.check_wording(text, "es")
    assert [w.code for w in warnings] == ["stigmatizing"]
    assert f"“{flagged}”" in str(warnings[0])
    assert "“persona" in str(warnings[0]) or "“negativo”" in str(warnings[0])


@pytest.mark.parametrize(
    "text",
    [
        "Evite las bebidas alcohólicas.",
        "Alcohólicos Anónimos tiene grupos en español.",
        "Lleve ropa limpia.",
        "Una persona con un trastorno por consumo de sustancias.",
    ],
)
def test_spanish_words_that_label_no_one_pass(text):
    assert quality.check_wording(text, "es") == []


def test_each_language_gets_its_own_word_list():
    assert quality.check_wording("Es un adicto.", "en") == []
    assert quality.check_wording("He is an addict.", "es") == []
    assert [w.code for w in quality.check_wording("He is an addict.")] == ["stigmatizing"]


def test_a_spanish_article_checks_links_to_the_spanish_guide():
    with translation.override("es"):
        prefix = reverse("guide:index")  # /es/guia/ with the i18n URLs
    SpanishArticleFactory(slug="en-borrador", draft=True)
    broken = SpanishArticleFactory.build(body=f"Lea [el glosario]({prefix}glosario/).\n")
    assert "broken-link" in codes(broken)
    unpublished = SpanishArticleFactory.build(body=f"Lea [esto]({prefix}en-borrador/).\n")
    assert "unpublished-link" in codes(unpublished)
