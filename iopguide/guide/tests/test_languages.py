"""English articles and their Spanish twins: the model's rules, each language's pages, the
sitemap's hreflang pairs, search per language, and what editors see (admin, start page)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from iopguide.guide import workflow
from iopguide.guide.models import Article, ZeroResultQuery
from iopguide.guide.search import search_articles
from iopguide.guide.templatetags.guide_admin import guide_work

from .conftest import change_url
from .factories import ArticleFactory, SpanishArticleFactory

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}link"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def spanish_get(client, name, **kwargs):
    """GET a guide page in Spanish (under /es/ once the i18n URLs are in place)."""
    with translation.override("es"):
        return client.get(reverse(name, kwargs=kwargs or None), follow=False)


@pytest.fixture
def twins():
    english = ArticleFactory(
        slug="faq", title="Frequently asked questions", section="Help and answers"
    )
    spanish = SpanishArticleFactory(
        slug="preguntas-frecuentes",
        title="Preguntas frecuentes",
        section="Ayuda y respuestas",
        translation_of=english,
        body="## Costo\n\nLa adicción tiene tratamiento. El seguro médico suele pagar el IOP.\n",
    )
    lonely = ArticleFactory(slug="glossary", title="Glossary", section="Help and answers")
    return {"english": english, "spanish": spanish, "english_only": lonely}


# The model ----------------------------------------------------------------------------------


def test_a_spanish_article_must_name_its_english_twin_and_an_english_one_none():
    with pytest.raises(ValidationError, match="Choose the English article"):
        Article(title="x", slug="x", summary="x", section="x", body="x", language="es").full_clean()
    english = ArticleFactory()
    with pytest.raises(ValidationError, match="Only a Spanish article"):
        ArticleFactory.build(translation_of=english).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="no-twin", language="es")


def test_an_english_article_has_one_spanish_twin_at_most(twins):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpanishArticleFactory(slug="otra", translation_of=twins["english"])
    english = Article.objects.get(pk=twins["english"].pk)
    assert english.twin() == twins["spanish"]
    assert twins["spanish"].twin() == english
    assert twins["english_only"].twin() is None


def test_an_articles_address_is_in_its_own_language(twins):
    with translation.override("es"):
        spanish_path = reverse("guide:article", kwargs={"slug": "preguntas-frecuentes"})
    assert twins["spanish"].get_absolute_url() == spanish_path
    with translation.override("es"):  # whatever language is active
        assert twins["english"].get_absolute_url() == "/guide/faq/"


def test_deleting_an_english_article_with_a_spanish_twin_is_refused_unless_both_go(twins):
    with pytest.raises(Exception, match="restricted"), transaction.atomic():
        twins["english"].delete()
    Article.objects.filter(slug__in=["faq", "preguntas-frecuentes"]).delete()
    assert not Article.objects.filter(slug="faq").exists()


# Reader pages -------------------------------------------------------------------------------


def test_the_spanish_index_lists_spanish_articles_and_marks_english_only_ones(client, twins):
    html = spanish_get(client, "guide:index").content.decode()
    assert "Preguntas frecuentes" in html
    assert "Frequently asked questions" not in html  # translated: listed once, in Spanish
    glossary = f'<a href="{twins["english_only"].get_absolute_url()}" hreflang="en" lang="en">'
    assert f"{glossary}Glossary</a> (solo en inglés)" in html
    assert '<h2 id="section-1">Ayuda y respuestas</h2>' in html


def test_the_english_index_lists_no_spanish_article(client, twins):
    html = client.get(reverse("guide:index")).content.decode()
    assert "Frequently asked questions" in html and "Glossary" in html
    assert "Preguntas frecuentes" not in html


def test_a_spanish_article_page_names_its_english_twin_as_alternate(client, twins):
    response = spanish_get(client, "guide:article", slug="preguntas-frecuentes")
    assert response.status_code == 200
    assert response.context["language_alternates"] == {
        "es": twins["spanish"].get_absolute_url(),
        "en": "/guide/faq/",
    }


def test_an_english_article_without_a_twin_has_no_spanish_alternate(client, twins):
    response = client.get("/guide/glossary/")
    assert response.context["language_alternates"] == {"en": "/guide/glossary/"}


def test_an_unpublished_twin_is_no_alternate(client, twins):
    Article.objects.filter(pk=twins["spanish"].pk).update(status=Article.Status.DRAFT)
    assert client.get("/guide/faq/").context["language_alternates"] == {"en": "/guide/faq/"}


def test_the_english_slug_under_the_spanish_guide_says_it_is_english_only(client, twins):
    response = spanish_get(client, "guide:article", slug="glossary")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Este artículo todavía no está en español" in html
    assert (
        f'href="{twins["english_only"].get_absolute_url()}" hreflang="en" lang="en">Glossary'
        in html
    )
    assert response["X-Robots-Tag"] == "noindex"


def test_a_slug_of_the_other_language_goes_to_the_twin(client, twins):
    response = spanish_get(client, "guide:article", slug="faq")
    assert response.status_code == 302
    assert response["Location"] == twins["spanish"].get_absolute_url()
    response = client.get("/guide/preguntas-frecuentes/")
    assert response.status_code in {302, 404}  # 404 once /guide/ is English only by its URL
    if response.status_code == 302:
        assert response["Location"] == "/guide/faq/"


def test_the_spanish_sources_list_covers_the_spanish_articles_only(client, twins):
    ArticleFactory(
        slug="other", sources=[{"title": "Only English", "publisher": "P", "url": "https://e.org/"}]
    )
    html = spanish_get(client, "guide:sources").content.decode()
    assert "Preguntas frecuentes" in html and "Only English" not in html


def test_the_spanish_reviewer_page_lists_the_spanish_reviews(client, twins):
    reviewed = SpanishArticleFactory(slug="revisado", title="Revisado", reviewed=True)
    ArticleFactory(
        slug="reviewed-en",
        title="Reviewed in English",
        reviewer=reviewed.reviewer,
        reviewed_on=reviewed.reviewed_on,
    )
    html = spanish_get(client, "guide:reviewer", slug=reviewed.reviewer.slug).content.decode()
    assert "Revisado" in html and "Reviewed in English" not in html


# Search -------------------------------------------------------------------------------------


def test_spanish_search_finds_spanish_articles_whatever_the_accents(twins):
    for query in ("adicción", "adiccion", "ADICCION", "Adicción tratamiento"):
        with translation.override("es"):
            outcome = search_articles(query)
        assert [article.slug for article in outcome.results] == ["preguntas-frecuentes"], query
        assert "<mark>" in outcome.results[0].snippet
    assert search_articles("adiccion").results == []  # English search: English articles only


def test_the_spanish_snippet_marks_the_accented_word(twins):
    outcome = search_articles("adiccion", "es")
    assert "<mark>adicción</mark>" in outcome.results[0].snippet.lower()


def test_zero_result_searches_are_counted_per_language(client, twins):
    spanish_get(client, "guide:search")  # no query: nothing counted
    with translation.override("es"):
        client.get(reverse("guide:search"), {"q": "xilófono"})
        client.get(reverse("guide:search"), {"q": "nada aqui"})
    client.get(reverse("guide:search"), {"q": "nada aqui"})
    counted = set(ZeroResultQuery.objects.values_list("query", "language", "count"))
    assert counted == {("xilófono", "es", 1), ("nada aqui", "es", 1), ("nada aqui", "en", 1)}


# Sitemap ------------------------------------------------------------------------------------


def test_the_guide_sitemap_lists_both_languages_with_hreflang_for_twins_only(client, twins):
    root = ET.fromstring(client.get("/sitemap-guide.xml").content)
    entries = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(XHTML)
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    by_path = {loc.split("://", 1)[1].split("/", 1)[1]: links for loc, links in entries.items()}
    spanish_path = twins["spanish"].get_absolute_url().lstrip("/")
    assert set(by_path) == {"guide/faq/", spanish_path, "guide/glossary/"}
    pair = by_path["guide/faq/"]
    assert set(pair) == {"en", "es", "x-default"}
    assert pair["x-default"] == pair["en"] and pair["es"].endswith("/" + spanish_path)
    assert by_path[spanish_path] == pair
    assert by_path["guide/glossary/"] == {}


# Editors ------------------------------------------------------------------------------------


def test_the_start_page_lists_missing_and_out_of_date_spanish_versions(twins):
    today = datetime.date(2026, 12, 2)
    Article.objects.filter(pk=twins["spanish"].pk).update(updated_on=today)
    Article.objects.filter(pk=twins["english"].pk).update(updated_on=today)
    work = guide_work()
    assert list(work["missing_translations"]) == [twins["english_only"]]
    assert list(work["stale_translations"]) == []
    Article.objects.filter(pk=twins["english"].pk).update(updated_on=today + datetime.timedelta(1))
    assert list(guide_work()["stale_translations"]) == [twins["spanish"]]


def test_the_start_page_shows_the_translation_lists(admin_client, twins):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Published in English, no Spanish version yet" in html
    assert f'<a href="{change_url(twins["english_only"])}">Glossary</a>' in html


def test_the_admin_links_twins_both_ways_and_offers_to_start_a_spanish_version(admin_client, twins):
    html = admin_client.get(change_url(twins["english"])).content.decode()
    assert (
        f'Spanish version: <a href="{change_url(twins["spanish"])}">Preguntas frecuentes</a>'
        in html
    )
    html = admin_client.get(change_url(twins["spanish"])).content.decode()
    assert f'English version: <a href="{change_url(twins["english"])}">' in html
    html = admin_client.get(change_url(twins["english_only"])).content.decode()
    start = reverse("admin:guide_article_add")
    assert f'<a href="{start}?language=es&amp;translation_of={twins["english_only"].pk}' in html
    assert "section=Ayuda+y+respuestas" in html


def test_the_admin_lists_articles_by_language(admin_client, twins):
    url = reverse("admin:guide_article_changelist")
    html = admin_client.get(url, {"language__exact": "es"}).content.decode()
    assert "Preguntas frecuentes" in html and "Glossary" not in html


def test_the_admin_refuses_a_spanish_article_without_a_twin(admin_client):
    data = {
        "title": "Sin gemelo", "slug": "sin-gemelo", "language": "es", "translation_of": "",
        "section": "Entender el IOP", "order": 1, "body": "Texto.", "summary": "Resumen.",
        "author": "Equipo", "sources": "[]", "related": "[]",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:guide_article_add"), data)
    assert response.status_code == 200
    assert "Choose the English article this is the Spanish version of." in response.content.decode()
    assert not Article.objects.filter(slug="sin-gemelo").exists()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the text search configurations are PostgreSQL's"
)


@postgres_only
def test_postgres_has_the_spanish_configuration_that_ignores_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('spanish_unaccent', 'La adicción y los tratamientos')")
        (vector,) = cursor.fetchone()
    assert vector == "'adiccion':2 'tratamient':5"  # unaccented, then Spanish stems


@postgres_only
def test_postgres_spanish_search_matches_word_forms_and_respells(twins):
    assert [a.slug for a in search_articles("tratamientos", "es").results] == [
        "preguntas-frecuentes"
    ]
    outcome = search_articles("tratamento", "es")  # a misspelling, in Spanish words
    assert outcome.respelled == "tratamiento"
    assert [a.slug for a in outcome.results] == ["preguntas-frecuentes"]


@postgres_only
def test_postgres_english_search_still_uses_english_stems(twins):
    ArticleFactory(slug="programs", body="## Care\n\nPrograms covered by insurance.\n")
    assert [a.slug for a in search_articles("program cover", "en").results] == ["programs"]


def test_renaming_a_published_spanish_article_redirects_its_spanish_address(twins, admin_user):
    spanish = twins["spanish"]
    old_path = spanish.get_absolute_url()
    spanish.slug = "preguntas"
    workflow.save_article(spanish, admin_user, expected_version=spanish.version)
    redirect = Redirect.objects.get(old_path=old_path)
    assert redirect.new_path == spanish.get_absolute_url()
