"""A reader of the guide: search, read an article, jump with its contents, then look for a
program near them from the article's ZIP box. No console errors or CSP refusals on the way."""

import re

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_reader_searches_reads_and_moves_on_to_find_rehab(page):
    call_command("sync_content", verbosity=0)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))

    page.goto("/guide/")
    page.get_by_role("searchbox", name="Search the guide").fill("boundaries family")
    page.get_by_role("button", name="Search").click()
    assert "/search/?q=boundaries+family" in page.url
    page.get_by_role("link", name="Supporting someone you love through an IOP").click()

    assert page.url.endswith("/guide/supporting-a-loved-one/")
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    assert breadcrumb.get_by_role("link", name="Guide").is_visible()
    contents = page.get_by_role("navigation", name="On this page")
    first_entry = contents.get_by_role("link").first
    target = first_entry.get_attribute("href")
    first_entry.click()
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()

    page.get_by_label("Your ZIP code").fill("22901")
    page.get_by_role("button", name="Find programs").click()
    # Waits for the results page to load, so the test never ends (and tears the page down)
    # mid-navigation.
    page.wait_for_url(re.compile(r"/find-rehab/\?near=22901$"))
    assert problems == []
