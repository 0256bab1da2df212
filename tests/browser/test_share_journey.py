"""An editor shares a draft; a reviewer without an account opens it in a fresh browser; the
editor revokes it and the link stops working."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from iopguide.guide.tests.factories import ArticleFactory, UserFactory

from .test_accessibility import describe
from .test_editor_journey import editor_roles, sign_in  # noqa: F401 (a fixture)

AXE = Axe()


def open_panel(page):
    panel = page.locator("#draft-share")
    if panel.get_attribute("open") is None:
        page.click("#draft-share summary")
    return panel


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_without_an_account_reads_a_shared_draft_until_it_is_revoked(
    page,
    chromium,
    live_server,
    settings,
    editor_roles,  # noqa: F811
):
    settings.SITE_URL = live_server.url  # the addresses the panel gives open on this server
    editor = UserFactory(username="ravi", first_name="Ravi", role="Medical reviewer")
    article = ArticleFactory(
        draft=True,
        title="Paying for an IOP",
        slug="paying-for-an-iop",
        body="## What insurance covers\n\nMost plans pay for part of it.",
    )
    edit_url = reverse("admin:guide_article_change", args=[article.pk])

    # The editor makes a link from the article's page and copies it.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, editor, edit_url)
    panel = open_panel(page)
    panel.locator("#id_share_note").fill("for Dr Ruiz")
    panel.get_by_role("button", name="Make a review link").click()
    expect(page.locator(".messagelist")).to_contain_text("Review link made")
    panel = open_panel(page)
    expect(panel.locator("table")).to_contain_text("for Dr Ruiz")
    expect(panel.locator("table")).to_contain_text("Ravi")
    panel.get_by_role("button", name="Copy").click()
    expect(panel.get_by_role("button", name="Copied")).to_be_visible()
    address = panel.locator(".share-url").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert address.startswith(f"{live_server.url}/guide/shared/")

    # The reviewer: another browser, no session, no account.
    reviewer_browser = chromium.new_context()
    try:
        reader = reviewer_browser.new_page()
        response = reader.goto(address)
        assert response.status == 200
        assert "no-store" in response.headers["cache-control"]
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        expect(reader.locator("h1")).to_have_text("Paying for an IOP")
        expect(reader.locator(".shared-banner")).to_contain_text("Draft shared for review")
        expect(reader.locator(".prose")).to_contain_text("Most plans pay for part of it.")
        expect(reader.locator("form[method=post], textarea, [contenteditable]")).to_have_count(0)
        expect(reader.locator("a[href^='/admin/']")).to_have_count(0)
        violations = AXE.run(reader).response["violations"]
        assert violations == [], describe(violations)
        assert reviewer_browser.cookies() == []

        # The editor revokes it; the reviewer's reload says so.
        panel = open_panel(page)
        panel.get_by_role("button", name="Revoke").click()
        expect(page.locator(".messagelist")).to_contain_text("revoked")
        expect(open_panel(page)).to_contain_text("revoked by Ravi")
        response = reader.reload()
        assert response.status == 410
        expect(reader.locator("h1")).to_have_text("This review link was withdrawn")
        expect(reader.locator("body")).not_to_contain_text("Most plans pay")
        violations = AXE.run(reader).response["violations"]
        assert violations == [], describe(violations)
    finally:
        reviewer_browser.close()
