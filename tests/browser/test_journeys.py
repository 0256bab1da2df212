"""Reader journeys done the hard ways: keyboard only, and with JavaScript turned off."""

import re

import pytest


def tab_to(page, name: re.Pattern, limit: int = 80) -> None:
    """Press Tab until the focused element's label, text or value matches `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; const label = el.labels && el.labels[0];"
            " return ((label && label.innerText) || el.getAttribute('aria-label')"
            " || el.innerText || el.value || '').replace(/\\s+/g, ' ').trim(); }"
        )
        if name.search(focused):
            return
    raise AssertionError(f"no focusable element matching {name.pattern!r} within {limit} tabs")


@pytest.mark.django_db(transaction=True)
def test_reader_without_javascript_reaches_an_article_from_the_home_page(no_js_page, reading_pages):
    no_js_page.goto("/")
    no_js_page.get_by_role("link", name="Read the guide").first.click()
    no_js_page.get_by_role("link", name="What is an intensive outpatient program?").click()
    assert no_js_page.url.endswith(reading_pages["article"])
    assert no_js_page.get_by_role("heading", level=1).inner_text().startswith("What is")


@pytest.mark.django_db(transaction=True)
def test_reader_without_javascript_finds_and_compares_programs(no_js_page, reading_pages):
    no_js_page.goto("/")
    no_js_page.get_by_label("ZIP code, or city and state").fill("22901")
    no_js_page.get_by_role("button", name="Search").click()
    no_js_page.wait_for_url("**/find-rehab/?near=22901*")
    no_js_page.get_by_label("Compare Blue Ridge Recovery Center 1").check()
    no_js_page.get_by_label("Compare Blue Ridge Recovery Center 2").check()
    no_js_page.get_by_role("button", name="Compare ticked programs").click()
    no_js_page.wait_for_url("**/compare/?*")
    assert compared_names(no_js_page) == [
        "Blue Ridge Recovery Center 1",
        "Blue Ridge Recovery Center 2",
    ]


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_reader_finds_programs_and_compares_two(page, reading_pages):
    page.goto("/")
    tab_to(page, re.compile("^Find Rehab$"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/find-rehab/")
    tab_to(page, re.compile("^ZIP code, city and state, or state$"))
    page.keyboard.type("22901")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find-rehab/?*near=22901*")
    for name in ("Blue Ridge Recovery Center 1", "Blue Ridge Recovery Center 2"):
        tab_to(page, re.compile(f"^Compare {name}$"))
        page.keyboard.press("Space")
    tab_to(page, re.compile("^Compare ticked programs$"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/?*")
    assert compared_names(page) == ["Blue Ridge Recovery Center 1", "Blue Ridge Recovery Center 2"]


def compared_names(page) -> list[str]:
    """The programs in the compare table's header row, in name order."""
    return sorted(page.locator("th.compare__center a[href*='/facilities/']").all_inner_texts())
