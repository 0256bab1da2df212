"""The crisis strip, with all three numbers, is on every page type."""

import html

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from iopguide.core.context_processors import CRISIS_LINES
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
    assert_full_strip(render_to_string("500.html"), "500.html")


TEMPLATE_FOLDERS = [
    settings.BASE_DIR / "templates",
    *(settings.BASE_DIR / "iopguide").glob("*/templates"),
]
NUMBERS_WRITTEN = [
    text for line in CRISIS_LINES for text in (line["number"], f"tel:{line['tel']}")
] + ["662-4357", "6624357", "tel:988", "tel:911"]


def test_templates_write_no_crisis_number_but_read_the_crisis_lines():
    """The numbers live in core/context_processors.py alone; templates use CRISIS_LINES (the
    includes/crisis_lines.html strip) or HELPLINE. 500.html is the one copy (next test)."""
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {number}"
        for folder in TEMPLATE_FOLDERS
        for path in folder.rglob("*.html")
        if path.name != "standalone_error.html"
        for number in NUMBERS_WRITTEN
        if number in path.read_text(encoding="utf-8")
    ]
    assert not found


def test_the_500_page_copy_of_the_crisis_lines_matches_the_source():
    """500.html renders without a context (the error may be in one), so it writes the numbers
    out; they must be the crisis lines' own."""
    body = html.unescape(render_to_string("500.html"))
    for line in CRISIS_LINES:
        written = f'<a href="tel:{line["tel"]}"><strong>{line["label"]}</strong></a>'
        assert f"{written} <span>{line['purpose']}</span>" in body
