"""The crisis strip, with all three numbers, is on every page type."""

import html

import pytest
from django.conf import settings

from iopguide.core.context_processors import CRISIS_LINES

BASE_DIR = settings.BASE_DIR

CRISIS_LINKS = ['href="tel:988"', 'href="tel:+18006624357"', 'href="tel:911"']
PAGES = ["/", "/guide/", "/privacy/", "/find-rehab/", "/compare/", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_shows_all_three_crisis_numbers(client, path):
    body = client.get(path).content.decode()
    strip = body.split('aria-label="Crisis help"', 1)[1].split("</aside>", 1)[0]
    for link in CRISIS_LINKS:
        assert link in strip, f"{link} missing on {path}"


TEMPLATE_FOLDERS = [BASE_DIR / "templates", *(BASE_DIR / "iopguide").glob("*/templates")]
NUMBERS_WRITTEN = [
    text for line in CRISIS_LINES for text in (line["number"], f"tel:{line['tel']}")
] + ["662-4357", "6624357", "tel:988", "tel:911"]


def test_templates_write_no_crisis_number_but_read_the_crisis_lines():
    """The numbers live in core/context_processors.py alone; templates use CRISIS_LINES (the
    includes/crisis_lines.html strip) or HELPLINE. 500.html is the one copy (next test)."""
    found = [
        f"{path.relative_to(BASE_DIR)}: {number}"
        for folder in TEMPLATE_FOLDERS
        for path in folder.rglob("*.html")
        if path.name != "500.html"
        for number in NUMBERS_WRITTEN
        if number in path.read_text(encoding="utf-8")
    ]
    assert not found


def test_the_500_page_copy_of_the_crisis_lines_matches_the_source():
    """500.html renders without a context (the error may be in one), so it writes the numbers
    out; they must be the crisis lines' own."""
    body = html.unescape((BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8"))
    for line in CRISIS_LINES:
        written = f'<a href="tel:{line["tel"]}"><strong>{line["label"]}</strong></a>'
        assert f"{written} <span>{line['purpose']}</span>" in body
