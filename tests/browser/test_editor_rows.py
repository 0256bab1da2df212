"""An editor adds, moves and removes source rows with the keyboard and picks a related article
by typing part of its title; the saved article has them in that order."""

import datetime
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from iopguide.guide import autosave
from iopguide.guide.admin import ArticleAdmin
from iopguide.guide.models import Article, ArticleAutosave
from iopguide.guide.tests.factories import ArticleFactory, UserFactory
from tests.browser.test_accessibility import describe
from tests.browser.test_editor_journey import sign_in

TIP = {"title": "TIP 47", "publisher": "SAMHSA", "url": "https://store.samhsa.gov/product/tip-47"}


def open_sources_section(page):
    page.locator("summary", has_text="Authorship, review and sources").click()


@pytest.mark.django_db(transaction=True)
def test_editor_adds_moves_and_removes_rows_by_keyboard_and_finds_an_article_by_title(page):
    editor = UserFactory(username="mira", is_superuser=True)
    ArticleFactory(slug="faq", title="Questions people ask")
    article = ArticleFactory(slug="levels", title="Levels of care", sources=[TIP], related=[])
    edit_url = reverse("admin:guide_article_change", args=[article.pk])
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, editor, edit_url)
    open_sources_section(page)
    sources = page.locator("#id_sources")

    # Add a source: the new row's first box takes the focus.
    sources.get_by_role("button", name="Add a source").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_sources-2-title")).to_be_focused()
    page.keyboard.type("Principles of treatment")
    page.keyboard.press("Tab")
    page.keyboard.type("NIDA")
    page.keyboard.press("Tab")
    page.keyboard.type("https://nida.nih.gov/principles")

    # Move it to the top; the focus stays on the button and the move is announced.
    new_row = sources.locator(".ordered-row", has=page.locator("#id_sources-2-title"))
    move_up = new_row.get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(move_up).to_be_focused()
    expect(sources.locator(".ordered-rows-status")).to_have_text("Source moved to position 1 of 3.")
    expect(sources.locator(".ordered-row-number").first).to_have_text("1")
    expect(page.locator("#id_sources-2-ORDER")).to_have_value("1")

    # A related article, found by typing part of its title.
    page.locator("#id_related").get_by_role("button", name="Add a related article").click()
    page.keyboard.press("Enter")  # the focused search box opens
    expect(page.locator(".select2-search__field")).to_be_focused()
    page.keyboard.type("questions")
    # The unfiltered list may show first; the answer to the search replaces it (a list of
    # texts is retried until it matches, a single text fails on the first list of two).
    expect(page.locator(".select2-results__option")).to_have_text(["Questions people ask"])
    page.keyboard.press("Enter")

    violations = Axe().run(page, context=".ordered-rows").response["violations"]
    assert violations == [], describe(violations)

    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(pk=article.pk)
    assert [source["title"] for source in article.sources] == ["Principles of treatment", "TIP 47"]
    assert article.related == ["faq"]

    # Remove the first source.
    page.goto(edit_url)
    open_sources_section(page)
    page.get_by_label("Remove").first.check()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=article.pk).sources == [TIP]


@pytest.mark.django_db(transaction=True)
def test_rows_added_since_the_last_save_come_back_from_an_autosaved_draft(page, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "autosave_interval", 1)
    monkeypatch.setattr(autosave, "MIN_INTERVAL", datetime.timedelta(0))
    editor = UserFactory(username="mira", is_superuser=True)
    ArticleFactory(slug="faq", title="Questions people ask")
    article = ArticleFactory(slug="levels", title="Levels of care", sources=[TIP], related=[])
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, editor, reverse("admin:guide_article_change", args=[article.pk]))
    open_sources_section(page)
    page.get_by_role("button", name="Add a source").click()
    page.fill("#id_sources-2-title", "Principles of treatment")
    page.fill("#id_sources-2-publisher", "NIDA")
    page.fill("#id_sources-2-url", "https://nida.nih.gov/principles")
    page.locator("#id_related").get_by_role("button", name="Add a related article").click()
    page.keyboard.press("Enter")
    page.keyboard.type("questions")
    # The unfiltered list shows first; the search's answer replaces it.
    expect(page.locator(".select2-results__option")).to_have_count(1)
    expect(page.locator(".select2-results__option")).to_have_text("Questions people ask")
    page.keyboard.press("Enter")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Draft saved"))
    for _ in range(50):  # until the draft holds the last choice
        kept = ArticleAutosave.objects.filter(article=article).first()
        if kept and kept.fields.get("related-1-article") == "faq":
            break
        time.sleep(0.2)
    assert kept.fields["sources-2-title"] == "Principles of treatment"

    page.reload()
    page.get_by_role("button", name="Restore my changes").click()
    open_sources_section(page)
    expect(page.locator("#id_sources-2-title")).to_have_value("Principles of treatment")
    expect(page.locator("#id_related-1-article")).to_have_value("faq")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(pk=article.pk)
    assert [source["title"] for source in article.sources] == ["TIP 47", "Principles of treatment"]
    assert article.related == ["faq"]
