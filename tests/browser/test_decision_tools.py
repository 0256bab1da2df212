"""The self-check without JavaScript, from the guide to a filtered Find Rehab search, and the
call worksheet on paper."""

import re

import pytest

from iopguide.directory.code_storage import stored_codes
from iopguide.directory.tests.factories import FacilityFactory


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.django_db(transaction=True)
def test_reader_without_javascript_answers_the_self_check_and_lands_on_a_filtered_search(
    no_js_page,
):
    for name, payment in (("Evening Medicaid IOP", "MD"), ("Private pay only", "PI")):
        FacilityFactory(
            name=name,
            zip_code="22901",
            latitude=38.03,
            longitude=-78.48,
            service_codes=stored_codes("OIT", payment, "BU"),
            evening_track=True,
        )
    page = no_js_page
    page.goto("/guide/")
    page.get_by_role("link", name="Is an IOP right for me? A short self-check").click()

    page.get_by_role("button", name="See my next steps").click()
    assert page.get_by_role("heading", name="3 questions need an answer").is_visible()
    page.get_by_role("link", name=re.compile("^Right now, are you")).click()
    assert page.url.endswith("#id_safety_0")

    for question, answer in (("Right now", "No"), ("risky for your body", "No"), ("safe", "Yes")):
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    page.get_by_label("I need groups in the evening (after 5 pm)").check()
    page.get_by_label("Medicaid", exact=True).check()
    page.get_by_label("Yes, for opioid use (such as heroin, fentanyl or pain pills)").check()
    page.get_by_label(re.compile("^10. Where should we look")).fill("22901")
    page.get_by_role("button", name="See my next steps").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your next steps"
    assert page.get_by_role("heading", name="Get help now, before anything else").count() == 0
    page.get_by_role("link", name="Find programs that match my answers").click()

    page.wait_for_url("**/find-rehab/?*")
    assert page.get_by_label("Medicaid", exact=True).is_checked()
    assert page.get_by_label("Evening IOP groups (after 5 pm)").is_checked()
    names = page.locator(".result__name").all_inner_texts()
    assert names == ["Evening Medicaid IOP"]


@pytest.mark.django_db(transaction=True)
def test_keyboard_reader_can_answer_the_required_questions(page):
    page.goto("/tools/is-an-iop-right-for-me/")
    first_radio = page.locator("#id_safety_0")
    first_radio.focus()
    page.keyboard.press("Space")  # "Yes" on the first question
    assert first_radio.is_checked()
    page.keyboard.press("Tab")  # on to the next question's radio group
    page.keyboard.press("ArrowDown")  # arrow keys move within a group, "No" now
    assert page.locator("#id_withdrawal_1").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator("#id_home_0").is_checked()
    page.locator("#id_near").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/answers/?*")
    assert page.get_by_role("heading", name="Get help now, before anything else").is_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_call_worksheet_prints_on_one_page_without_navigation(page, paper):
    page.goto("/tools/call-worksheet/")
    page.emulate_media(media="print")
    assert not page.locator('nav[aria-label="Main"]').is_visible()
    assert not page.locator('aside[aria-label="Crisis help"]').is_visible()
    footer_line = page.locator(".site-footer .print-only")
    assert "988" in footer_line.inner_text() and "911" in footer_line.inner_text()
    first_source = page.locator(".sources a").first
    after = first_source.evaluate("el => getComputedStyle(el, '::after').content")
    assert first_source.get_attribute("href") in after
    citation = page.locator(".citation a").first
    assert citation.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")
    assert pdf_page_count(page.pdf(format=paper, print_background=False)) == 1
