import datetime
import itertools
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from iopguide.guide.models import Article

from .factories import ArticleFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


@pytest.fixture
def trio():
    """Three published articles in two sections, plus a draft."""
    first = ArticleFactory(slug="first", title="First", section="Understanding IOP", order=1)
    second = ArticleFactory(
        slug="second",
        title="Second",
        section="Understanding IOP",
        order=2,
        related=["third"],
        updated_on=datetime.date(2026, 11, 20),
    )
    third = ArticleFactory(
        slug="third",
        title="Third",
        section="Inside a program",
        order=1,
        related=["first", "draft", "no-such-article", 7, {"odd": "json"}],
    )
    ArticleFactory(slug="draft", title="Draft", status=Article.Status.DRAFT, published_at=None)
    return first, second, third


def test_index_groups_published_articles_by_section_in_reading_order(client, trio):
    response = client.get("/guide/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Understanding IOP") < html.index("Inside a program")
    assert html.index(">First<") < html.index(">Second<") < html.index(">Third<")
    assert "A short plain summary" in html
    assert ">Draft<" not in html


def test_article_page_shows_author_pending_review_update_toc_body_sources_and_cta(client, trio):
    response = client.get("/guide/second/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert "Written by IOP Guide editorial team." in html
    assert "Clinical review pending" in html and "reviewed by" not in html
    assert 'Updated <time datetime="2026-11-20">November 20, 2026</time>' in html
    assert 'href="#first-part"' in html and 'id="first-part"' in html
    assert 'href="https://store.samhsa.gov/product/tip-47"' in html
    assert "Find an intensive outpatient program near you" in html
    assert re.search(r'<form[^>]+method="get"[^>]+action="/find-rehab/"', html)
    assert 'name="near"' in html


def test_article_page_has_one_h1_and_headings_in_order(client, trio):
    levels = headings(client.get("/guide/second/").content.decode())
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_article_page_links_previous_next_and_published_related_only(client, trio):
    html = client.get("/guide/third/").content.decode()
    assert 'aria-label="Previous and next articles"' in html
    assert 'href="/guide/second/" rel="prev"' in html
    assert 'rel="next"' not in html  # the last article in reading order
    related = html.split('id="related-heading"')[1]
    assert 'href="/guide/first/"' in related
    assert "/guide/draft/" not in html


def test_article_page_runs_at_most_three_queries(client, trio):
    client.get("/guide/first/")  # site-wide state the page cache keeps (next scheduled change)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/guide/second/")
    assert response.status_code == 200
    assert len(queries) <= 3, [query["sql"] for query in queries]


def test_draft_and_scheduled_articles_are_not_public(client, trio):
    ArticleFactory(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/guide/draft/").status_code == 404
    assert client.get("/guide/later/").status_code == 404


def test_draft_preview_sends_readers_to_the_sign_in_page(client, trio):
    response = client.get("/guide/draft/preview/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_preview_of_a_draft_is_never_cached_and_noindex(client, admin_user, trio):
    client.force_login(admin_user)
    response = client.get("/guide/draft/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Draft</h1>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_article_page_is_indexable(client, trio):
    html = client.get("/guide/first/").content.decode()
    assert 'name="robots"' not in html


def test_sources_with_unsafe_or_broken_entries_are_not_shown(client):
    ArticleFactory(
        slug="odd",
        sources=[
            {"title": "Evil", "publisher": "X", "url": "javascript:alert(1)"},
            "just a string",
            {"title": "No URL", "publisher": "X"},
            {"title": "Good", "publisher": "NIDA", "url": "https://nida.nih.gov/"},
        ],
    )
    html = client.get("/guide/odd/").content.decode()
    assert "javascript:" not in html
    assert "No URL" not in html
    assert 'href="https://nida.nih.gov/"' in html


def test_sources_page_lists_each_source_once_with_the_articles_citing_it(client, trio):
    ArticleFactory(slug="hidden", status=Article.Status.DRAFT, sources=[
        {"title": "Draft-only source", "publisher": "X", "url": "https://example.org/"}
    ])  # fmt: skip
    response = client.get("/sources/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="https://store.samhsa.gov/product/tip-47"') == 1
    cited_in = html.split("Cited in:")[1]
    assert all(f'href="/guide/{slug}/"' in cited_in for slug in ("first", "second", "third"))
    assert "Draft-only source" not in html


def test_footer_sources_link_points_at_the_sources_page(client, trio):
    html = client.get("/guide/").content.decode()
    assert '<a href="/sources/">Sources</a>' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_guide_pages_refuse_writes(client, trio, method):
    assert getattr(client, method)("/guide/first/").status_code == 405


def test_every_shipped_page_answers_200_with_one_h1_and_headings_in_order(client):
    call_command("sync_content", verbosity=0)
    articles = Article.objects.published()
    assert articles.count() >= 12
    pages = [("/guide/", "en"), ("/sources/", "en"), ("/search/", "en"), ("/search/?q=cost", "en")]
    for url, language in pages + [(a.get_absolute_url(), a.language) for a in articles]:
        with translation.override(language):  # each article in its own language
            response = client.get(url)
        assert response.status_code == 200, url
        levels = headings(response.content.decode())
        assert levels.count(1) == 1 and levels[0] == 1, url
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), url


def test_sources_page_groups_sources_under_their_publisher(client):
    ArticleFactory(slug="cited", sources=[
        {"title": "Naloxone DrugFacts", "publisher": "NIDA", "url": "https://nida.nih.gov/n"},
        {"title": "TIP 47", "publisher": "SAMHSA", "url": "https://store.samhsa.gov/tip-47"},
        {"title": "Principles", "publisher": "NIDA", "url": "https://nida.nih.gov/p"},
    ])  # fmt: skip
    html = client.get("/sources/").content.decode()
    nida, samhsa = html.index(">NIDA</h2>"), html.index(">SAMHSA</h2>")
    assert nida < html.index("Naloxone DrugFacts") < html.index(">Principles<") < samhsa
    assert samhsa < html.index(">TIP 47<")


def test_staff_without_article_permissions_cannot_preview_drafts(client, trio):
    client.force_login(UserFactory(role="Directory editor"))
    assert client.get("/guide/draft/preview/").status_code == 403


def test_a_writer_can_preview_a_draft(client, trio):
    client.force_login(UserFactory(role="Writer"))
    assert client.get("/guide/draft/preview/").status_code == 200


def test_a_reviewed_article_names_and_links_its_reviewer_with_the_date(client):
    article = ArticleFactory(
        slug="reviewed",
        reviewer=ReviewerFactory(name="Ana Ruiz", slug="ana-ruiz", credentials="MD"),
        reviewed_on=datetime.date(2026, 11, 30),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Clinically reviewed by <a href="/guide/reviewers/ana-ruiz/">Ana Ruiz, MD</a>' in html
    assert '<time datetime="2026-11-30">November 30, 2026</time>' in html
    assert "Clinical review pending" not in html


def test_a_review_date_without_a_reviewer_is_not_shown(client):
    article = ArticleFactory(slug="dated", reviewed_on=datetime.date(2026, 11, 30))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "November 30, 2026" not in html
    assert "Clinical review pending" in html


def test_reviewer_page_shows_credentials_bio_disclosures_and_signed_articles(client):
    person = ReviewerFactory(
        name="Ana Ruiz", slug="ana-ruiz", credentials="MD", disclosures="Consults for no one."
    )
    ArticleFactory(
        slug="signed", title="Signed", reviewer=person, reviewed_on=datetime.date(2026, 11, 30)
    )
    ArticleFactory(slug="unsigned", title="Unsigned")
    response = client.get("/guide/reviewers/ana-ruiz/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ana Ruiz</h1>" in html and "Consults for no one." in html
    assert ">Signed</a>" in html and "Unsigned" not in html


def test_an_unknown_reviewer_page_is_not_found(client):
    assert client.get("/guide/reviewers/nobody/").status_code == 404
