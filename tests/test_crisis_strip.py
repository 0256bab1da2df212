"""The crisis strip, with all three numbers, is on every page type."""

import pytest
from django.conf import settings

from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.tests.factories import ArticleFactory, ReviewerFactory

CRISIS_LINKS = ['href="tel:988"', 'href="tel:+18006624357"', 'href="tel:911"']
PAGES = ["/", "/guide/", "/privacy/", "/find-rehab/", "/compare/", "/no-such-page/"]
SAMPLE_PAGES = ["article", "sources", "search", "reviewer", "facility"]


def crisis_strip(body: str) -> str:
    return body.split('aria-label="Crisis help"', 1)[1].split("</aside>", 1)[0]


def assert_full_strip(body: str, where: str) -> None:
    strip = crisis_strip(body)
    for link in CRISIS_LINKS:
        assert link in strip, f"{link} missing on {where}"
    # 988 answers substance use crises too, not only suicidal ones.
    assert "substance use" in strip.split('href="tel:988"', 1)[1].split("</li>", 1)[0]
    assert "TTY 1-800-487-4889" in strip


@pytest.fixture
def sample_paths(db):
    article = ArticleFactory(slug="sample")
    reviewer = ReviewerFactory(slug="ana-ruiz")
    facility = FacilityFactory()
    return {
        "article": article.get_absolute_url(),
        "sources": "/sources/",
        "search": "/search/?q=insurance",
        "reviewer": reviewer.get_absolute_url(),
        "facility": facility.get_absolute_url(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_shows_all_three_crisis_numbers(client, path):
    assert_full_strip(client.get(path).content.decode(), path)


@pytest.mark.parametrize("kind", SAMPLE_PAGES)
def test_content_page_types_show_the_crisis_strip(client, sample_paths, kind):
    response = client.get(sample_paths[kind])
    assert response.status_code == 200
    assert_full_strip(response.content.decode(), kind)


def test_the_standalone_500_page_has_the_same_crisis_strip():
    assert_full_strip((settings.BASE_DIR / "templates" / "500.html").read_text(), "500.html")
