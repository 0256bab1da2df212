"""Site search: the same behaviour through one function on SQLite and PostgreSQL (run the suite
with DATABASE_URL=postgres://... for the PostgreSQL side, which adds stemming and spelling)."""

import re

import pytest
from django.db import connection

from iopguide.guide.models import Article, ZeroResultQuery
from iopguide.guide.search import MAX_QUERY_LENGTH, search_articles

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text and trigram search need PostgreSQL"
)


@pytest.fixture
def articles():
    return {
        "paying": ArticleFactory(
            slug="paying",
            title="Paying for treatment",
            summary="Insurance, Medicaid and sliding scales.",
            body="## Insurance\n\nMost plans cover an intensive outpatient program.\n",
        ),
        "family": ArticleFactory(
            slug="family",
            title="Supporting a loved one",
            summary="How families help.",
            body="## Boundaries\n\nFamily therapy and paying attention to "
            "`<script>alert(1)</script>` boundaries.\n",
        ),
        "draft": ArticleFactory(
            slug="draft",
            title="Paying draft",
            status=Article.Status.DRAFT,
            published_at=None,
        ),
    }


def slugs(outcome):
    return [article.slug for article in outcome.results]


def test_title_matches_rank_above_body_matches(articles):
    assert slugs(search_articles("paying")) == ["paying", "family"]


def test_only_published_articles_are_found(articles):
    assert "draft" not in slugs(search_articles("draft paying"))
    assert "draft" not in slugs(search_articles("paying"))


def test_every_word_must_match(articles):
    assert slugs(search_articles("family boundaries")) == ["family"]


def test_snippets_mark_matches_and_escape_the_text(articles):
    snippet = search_articles("boundaries").results[0].snippet
    assert "<mark>" in snippet.lower() and "boundaries</mark>" in snippet.lower()
    assert "<" not in re.sub(r"</?mark>", "", snippet)


@pytest.mark.parametrize("query", ["", "   ", "?!%*", "\x00\x01", "—"])
def test_queries_without_words_ask_for_words(articles, query):
    assert search_articles(query).problem == "empty"


def test_very_long_queries_ask_for_fewer_words(articles):
    assert search_articles("care " * MAX_QUERY_LENGTH).problem == "too long"


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "a & b | !c", "'; DROP TABLE guide_article; --", "-care", "or or", "x" * 99],
)
def test_odd_queries_search_without_error(articles, query):
    assert search_articles(query).problem == ""


def test_search_page_lists_results_and_is_not_indexed(client, articles):
    response = client.get("/search/", {"q": "insurance"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/guide/paying/"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


# A NUL is refused before the view (400, tests/test_hostile_input.py).
@pytest.mark.parametrize("query", ["", "?!", "x" * 5000, "<script>alert(1)</script>"])
def test_search_page_answers_odd_queries_helpfully(client, articles, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not ZeroResultQuery.objects.exclude(query="<script>alert(1)</script>").exists()


def test_search_page_with_no_results_offers_the_guide_and_the_helpline(client, articles):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "No articles found" in html
    assert 'href="/guide/"' in html
    assert 'href="tel:+18006624357"' in html


def test_searches_with_no_results_are_counted_for_editors(client, articles):
    client.get("/search/", {"q": "Xylophone  lessons"})
    client.get("/search/", {"q": "xylophone lessons"})
    client.get("/search/", {"q": "insurance"})
    client.get("/search/", {"q": ""})
    counted = ZeroResultQuery.objects.get()
    assert (counted.query, counted.count) == ("xylophone lessons", 2)


@postgres_only
def test_postgres_matches_word_forms(articles):
    assert slugs(search_articles("programs covered")) == ["paying"]


@postgres_only
def test_postgres_finds_close_spellings_when_nothing_matches_exactly(articles):
    outcome = search_articles("boundries")
    assert outcome.respelled == "boundaries"
    assert slugs(outcome) == ["family"]
    assert "<mark>" in outcome.results[0].snippet


@postgres_only
def test_postgres_search_page_says_which_spelling_it_searched(client, articles):
    html = client.get("/search/", {"q": "Famly boundries"}).content.decode()
    assert "Showing results for “family boundaries”" in html


@postgres_only
def test_postgres_does_not_guess_spellings_of_short_words(articles):
    assert search_articles("the").results == []
    assert search_articles("xylophone").respelled == ""
