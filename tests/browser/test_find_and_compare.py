"""A reader's journey: search near a ZIP with two filters, compare three results, keep only the
differences, and print the comparison."""

import pytest

from iopguide.directory.code_storage import stored_codes
from iopguide.directory.tests.factories import FacilityFactory


@pytest.mark.django_db(transaction=True)
def test_search_near_a_zip_with_two_filters_then_compare_three_results_and_print(page):
    for index, extra in enumerate([("FCO",), ("FCO", "SS"), (), ("TA",)]):
        FacilityFactory(
            name=f"Program {index}",
            latitude=38.0339 + index * 0.01,
            longitude=-78.4924,
            service_codes=stored_codes("OIT", "MD", "CBT", *extra),
        )
    FacilityFactory(name="No Medicaid", service_codes=stored_codes("OIT", "CBT", "PI"))

    page.goto("/find-rehab/")
    page.get_by_label("ZIP code, city and state, or state").fill("22903")
    page.locator("summary", has_text="More filters").click()
    page.get_by_label("Medicaid", exact=True).check()
    page.get_by_label("Cognitive behavioral therapy (CBT)").check()
    page.get_by_role("button", name="Search").click()

    page.wait_for_url("**/find-rehab/?near=22903*")
    assert "pay=MD" in page.url and "approach=CBT" in page.url
    assert page.locator("#results-heading").inner_text().startswith("4 programs")
    distance = page.locator(".result").first.locator(".result__distance").inner_text()
    assert distance == "In ZIP 22903, the ZIP you searched"  # placed at the ZIP center

    for index in range(3):
        page.get_by_label(f"Compare Program {index}").check()
    assert page.locator("#compare-count").inner_text() == "3 picked."
    page.get_by_role("button", name="Compare ticked programs").click()

    page.wait_for_url("**/compare/?*")
    assert page.locator("th.compare__center").count() == 3
    all_rows = page.locator("tbody tr:not(.compare__group)").count()

    page.get_by_role("link", name="Show only the differences").click()
    page.wait_for_url("**diff=1*")
    differing = page.locator("tbody tr:not(.compare__group)")
    assert 0 < differing.count() < all_rows
    assert differing.filter(has_text="Differs").count() == differing.count()
    assert page.locator("th", has_text="Family counseling").is_visible()

    page.emulate_media(media="print")
    assert page.locator("table.compare").is_visible()
    assert not page.locator(".compare-actions").is_visible()
    assert not page.locator('nav[aria-label="Main"]').is_visible()
    assert not page.locator('aside[aria-label="Crisis help"]').is_visible()
    assert "988" in page.locator(".site-footer .print-only").inner_text()
    table_width = page.locator("table.compare").bounding_box()["width"]
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert table_width <= page_width
