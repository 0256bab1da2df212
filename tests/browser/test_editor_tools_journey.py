"""The editors' tools in one journey: writing with the preview beside the markdown, adding a
source row, sharing the draft with a reviewer who opens it in a fresh browser without a session,
and seeing a broken link on the start page after `manage.py check_links` ran (against a real
HTTP server on loopback: this machine has no internet)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from iopguide.guide.models import Article
from iopguide.guide.tests.factories import ArticleFactory, UserFactory

from .test_editor_journey import editor_roles, sign_in  # noqa: F401 (a fixture)


class AgencySite(BaseHTTPRequestHandler):
    """An agency's web site: /gone was moved away (404), every other page is there."""

    def do_HEAD(self):
        self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def agency_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), AgencySite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_an_editor_writes_beside_the_preview_adds_a_source_shares_and_sees_a_broken_link(
    page,
    chromium,
    live_server,
    settings,
    agency_site,
    editor_roles,  # noqa: F811
):
    settings.SITE_URL = live_server.url  # the review link the panel gives opens on this server
    editor = UserFactory(username="ravi", first_name="Ravi", role="Medical reviewer")
    article = ArticleFactory(
        title="Paying for an IOP",
        slug="paying-for-an-iop",
        body=f"## What insurance covers\n\nSee [the old price list]({agency_site}/gone).[^1]\n",
        sources=[{"title": "TIP 47", "publisher": "SAMHSA", "url": f"{agency_site}/tip-47"}],
    )
    edit_url = reverse("admin:guide_article_change", args=[article.pk])
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, editor, edit_url)

    # Writing: the preview sits beside the markdown and shows what is typed.
    editor_box = page.locator("#id_body").bounding_box()
    preview_box = page.locator(".markdownx-preview").bounding_box()
    assert preview_box["x"] >= editor_box["x"] + editor_box["width"]
    page.locator("#id_body").press("Control+End")
    page.keyboard.type("\n\nMost plans pay for part of an IOP.[^2]\n")
    expect(page.locator(".markdownx-preview")).to_contain_text("Most plans pay for part")

    # A second source, as a row.
    page.locator("summary", has_text="Authorship, review and sources").click()
    page.get_by_role("button", name="Add a source").click()
    page.fill("#id_sources-1-title", "Paying for treatment")
    page.fill("#id_sources-1-publisher", "SAMHSA")
    page.fill("#id_sources-1-url", f"{agency_site}/paying")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(pk=article.pk)
    assert [source["title"] for source in article.sources] == ["TIP 47", "Paying for treatment"]
    assert "Most plans pay for part of an IOP." in article.body

    # Sharing: a review link, opened by someone with no account in a browser of their own.
    panel = page.locator("#draft-share")
    if panel.get_attribute("open") is None:
        page.click("#draft-share summary")
    panel.get_by_role("button", name="Make a review link").click()
    expect(page.locator(".messagelist")).to_contain_text("Review link made")
    if page.locator("#draft-share").get_attribute("open") is None:
        page.click("#draft-share summary")
    address = page.locator("#draft-share .share-url").input_value()
    reviewer_browser = chromium.new_context()
    try:
        reader = reviewer_browser.new_page()
        response = reader.goto(address)
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        expect(reader.locator(".prose")).to_contain_text("Most plans pay for part of an IOP.")
        expect(reader.locator("form[method=post], textarea")).to_have_count(0)
        assert reviewer_browser.cookies() == []
    finally:
        reviewer_browser.close()

    # The nightly link check (cron) finds the moved page; the start page says so.
    call_command("check_links", verbosity=0)
    page.goto(reverse("admin:index"))
    broken = page.locator("li", has_text=f"{agency_site}/gone")
    expect(broken).to_contain_text("Paying for an IOP")
    expect(broken.get_by_role("link", name="Paying for an IOP")).to_have_attribute("href", edit_url)
    expect(page.locator("body")).not_to_contain_text(f"{agency_site}/paying")
