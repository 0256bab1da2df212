"""Writing an article on a wide screen: the markdown beside its preview, the preview following the
editor's scroll, the rarely used fields folded away; and a draft kept by autosave, offered back
after the page is reloaded without saving."""

import datetime
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from iopguide.guide import autosave, content, workflow
from iopguide.guide.admin import ArticleAdmin
from iopguide.guide.models import Article, ArticleAutosave
from iopguide.guide.tests.factories import UserFactory
from tests.browser.test_accessibility import describe
from tests.browser.test_editor_journey import editor_roles, sign_in  # noqa: F401 (a fixture)

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def article_form(page, editor_roles):  # noqa: F811 (the fixture imported above)
    """A reviewer on the edit page of a real article from content/ (about 1,000 words)."""
    content.sync(CONTENT)
    article = Article.objects.get(slug="what-is-intensive-outpatient")
    reviewer = UserFactory(username="ravi", role="Medical reviewer")
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, reviewer, reverse("admin:guide_article_change", args=[article.pk]))
    expect(page.locator(".markdownx-preview h2").first).to_be_visible()
    return article


def wait_until(page, function: str, arg=None) -> None:
    """page.wait_for_function evaluates a string, which the admin's CSP forbids (no
    unsafe-eval); page.evaluate calls a function, which it allows."""
    for _ in range(50):
        if page.evaluate(function, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Never true: {function} ({arg})")


def box(page, selector):
    return page.locator(selector).bounding_box()


def preview_share(page) -> float:
    """How far down the preview is scrolled, from 0 (top) to 1 (end)."""
    return page.evaluate(
        "() => { const p = document.querySelector('.markdownx-preview');"
        " return p.scrollTop / (p.scrollHeight - p.clientHeight); }"
    )


def scroll_editor(page, share: float) -> None:
    page.evaluate(
        "share => { const e = document.querySelector('#id_body');"
        " e.scrollTop = share * (e.scrollHeight - e.clientHeight); }",
        share,
    )


@pytest.mark.django_db(transaction=True)
def test_at_1400_pixels_the_preview_sits_beside_the_markdown_and_follows_it(page, article_form):
    editor, preview = box(page, "#id_body"), box(page, ".markdownx-preview")
    assert preview["x"] >= editor["x"] + editor["width"]  # beside, not under
    assert abs(preview["y"] - editor["y"]) < 2 and abs(preview["height"] - editor["height"]) < 2
    assert editor["height"] <= 900  # both fit the window and scroll inside
    form_height = page.evaluate("document.getElementById('article_form').offsetHeight")
    assert form_height < 2500, form_height  # about 7,000 px before, stacked and unfolded

    for share in (0.5, 1.0, 0.0):
        scroll_editor(page, share)
        wait_until(
            page,
            "share => { const p = document.querySelector('.markdownx-preview');"
            " return Math.abs(p.scrollTop / (p.scrollHeight - p.clientHeight) - share) < 0.02; }",
            share,
        )
    assert preview_share(page) == 0

    # Typing at the end keeps the preview at (about) the end once it re-renders.
    page.locator("#id_body").press("Control+End")
    page.keyboard.type("\n\nA last plain sentence.")
    expect(page.locator(".markdownx-preview")).to_contain_text("A last plain sentence.")
    wait_until(
        page,
        "() => { const p = document.querySelector('.markdownx-preview');"
        " return p.scrollTop / (p.scrollHeight - p.clientHeight) > 0.98; }",
    )


@pytest.mark.django_db(transaction=True)
def test_below_1100_pixels_the_preview_stays_under_the_markdown(page, article_form):
    page.set_viewport_size({"width": 1000, "height": 900})
    editor, preview = box(page, "#id_body"), box(page, ".markdownx-preview")
    assert preview["y"] >= editor["y"] + editor["height"]


@pytest.mark.django_db(transaction=True)
def test_folded_sections_open_from_the_keyboard_and_the_form_has_no_axe_violations(
    page, article_form
):
    meta_title = page.locator("#id_meta_title")
    expect(meta_title).to_be_hidden()
    summary = page.locator("summary", has_text="Search engines")
    summary.focus()
    page.keyboard.press("Enter")
    expect(meta_title).to_be_visible()

    preview = page.locator(".markdownx-preview")
    preview.focus()  # the preview scrolls on its own: it takes focus, so arrow keys scroll it
    assert preview.evaluate("el => el === document.activeElement && el.tabIndex === 0")
    page.keyboard.press("PageDown")
    wait_until(page, "() => document.querySelector('.markdownx-preview').scrollTop > 0")

    violations = Axe().run(page, context="#content-main").response["violations"]
    assert violations == [], describe(violations)


@pytest.mark.django_db(transaction=True)
def test_a_draft_kept_by_autosave_comes_back_after_a_reload(page, article_form, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "autosave_interval", 1)
    page.reload()  # with the short interval
    body = page.locator("#id_body")
    typed = body.input_value() + "\n\nWritten just before the browser closed."
    body.fill(typed)
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"^Draft saved \d\d:\d\d\.$"))
    assert status.get_attribute("role") == "status"
    assert Article.objects.get(pk=article_form.pk).body == article_form.body  # not saved

    page.reload()  # nothing saved: the browser is gone, the draft is not
    notice = page.locator("#autosave-notice")
    expect(notice).to_contain_text("We kept unsaved changes from")
    assert body.input_value() == article_form.body
    axe = Axe().run(page, context="#autosave-notice").response["violations"]
    assert axe == [], describe(axe)

    notice.get_by_role("button", name="Restore my changes").click()
    expect(notice).to_have_text("Your changes are back in the form. Save to keep them.")
    assert notice.evaluate("el => el === document.activeElement")
    assert body.input_value() == typed
    expect(page.locator(".markdownx-preview")).to_contain_text("Written just before the browser")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert "Written just before the browser closed." in Article.objects.get(pk=article_form.pk).body
    assert not ArticleAutosave.objects.exists()
    expect(page.locator("#autosave-notice")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_draft_overtaken_by_someone_elses_save_is_never_saved_over_it(
    page, article_form, monkeypatch
):
    monkeypatch.setattr(ArticleAdmin, "autosave_interval", 1)
    monkeypatch.setattr(autosave, "MIN_INTERVAL", datetime.timedelta(0))
    page.reload()
    page.locator("#id_body").fill("Ravi's rewrite, typed before a crash.")
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"^Draft saved"))
    colleague = UserFactory(username="maya", role="Medical reviewer")
    newer = Article.objects.get(pk=article_form.pk)
    newer.body = "Maya's newer version."
    workflow.save_article(newer, colleague, expected_version=article_form.version)

    # The next draft says so while Ravi types on.
    page.locator("#id_body").fill("Ravi's rewrite, typed before a crash. More.")
    expect(status).to_contain_text("maya saved this article after you opened it")

    page.reload()
    notice = page.locator("#autosave-notice")
    expect(notice).to_contain_text("maya saved a newer version of this article")
    expect(notice.get_by_role("link", name="See what changed since you started")).to_be_visible()
    notice.get_by_role("button", name="Restore to copy").click()
    expect(notice).to_contain_text("Saving will be refused")
    assert page.locator("#id_body").input_value() == "Ravi's rewrite, typed before a crash. More."

    page.click("input[name=_continue]")
    expect(page.locator("#article_form .errorlist")).to_contain_text(
        "maya saved this article after you opened it, so your changes were not saved"
    )
    assert Article.objects.get(pk=article_form.pk).body == "Maya's newer version."
    assert ArticleAutosave.objects.filter(article=article_form).exists()  # still there to copy
    # The form keeps Ravi's text and the version it started from: later drafts stay marked.
    assert page.locator("#id_body").input_value() == "Ravi's rewrite, typed before a crash. More."
    page.locator("#id_body").fill("Ravi's rewrite, typed before a crash. More. Again.")
    expect(status).to_contain_text("maya saved this article after you opened it")
    assert ArticleAutosave.objects.get(article=article_form).base_version == article_form.version
