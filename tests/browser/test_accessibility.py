"""axe-core, injected with page.evaluate (the strict CSP blocks script tags), finds no
violation on any page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import EXPECTED_STATUS, PAGE_TYPES

AXE = Axe()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_axe_violations(page, reading_pages, page_type):
    response = page.goto(reading_pages[page_type])
    assert response.status == EXPECTED_STATUS.get(page_type, 200)
    violations = AXE.run(page).response["violations"]
    assert violations == [], describe(violations)


@pytest.mark.django_db(transaction=True)
def test_article_has_no_axe_violations_on_a_wide_screen(page, reading_pages):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reading_pages["article"])
    violations = AXE.run(page).response["violations"]
    assert violations == [], describe(violations)


@pytest.mark.django_db(transaction=True)
def test_no_page_type_scrolls_sideways_at_320_css_pixels(page, reading_pages):
    """WCAG 1.4.10 Reflow: tables scroll inside their own box, long addresses wrap."""
    page.set_viewport_size({"width": 320, "height": 700})
    widths = {}
    for page_type, url in reading_pages.items():
        page.goto(url)
        widths[page_type] = page.evaluate("document.documentElement.scrollWidth")
    assert {name: width for name, width in widths.items() if width > 320} == {}


@pytest.mark.django_db(transaction=True)
def test_crisis_strip_sits_in_the_same_place_on_every_page_type(page, reading_pages):
    boxes = {}
    for page_type, url in reading_pages.items():
        page.goto(url)
        box = page.locator("aside.crisis").bounding_box()
        boxes[page_type] = (box["x"], box["y"], box["width"])
    assert len(set(boxes.values())) == 1, boxes
    assert boxes["home"][1] == 0


@pytest.mark.django_db(transaction=True)
def test_keyboard_focus_is_visible_from_the_first_tab(page, reading_pages):
    page.goto(reading_pages["article"])
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    outline = skip_link.evaluate("el => getComputedStyle(el).outlineWidth")
    assert outline == "3px"
    page.keyboard.press("Tab")  # into the crisis strip: links there are big enough to tap
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") >= 24
