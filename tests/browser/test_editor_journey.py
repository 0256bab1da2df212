"""A writer drafts, a medical reviewer publishes, readers see it, and an old address redirects."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from iopguide.guide.tests.factories import ArticleFactory, UserFactory

PASSWORD = "correct horse battery staple"


def sign_in(page, user, next_url):
    page.context.clear_cookies()
    page.goto(f"{reverse('admin:login')}?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(next_url)))


@pytest.fixture
def editor_roles():
    """The roles come from a data migration, which an earlier transactional test's flush removed;
    the migration's own function puts them back (it is idempotent)."""
    roles = importlib.import_module("iopguide.guide.migrations.0003_editor_roles")
    roles.create_roles(apps, None)


@pytest.mark.django_db(transaction=True)
def test_writer_drafts_reviewer_publishes_and_old_address_redirects(page, editor_roles):
    writer = UserFactory(username="wren", role="Writer")
    reviewer = UserFactory(username="ravi", role="Medical reviewer")
    assert Group.objects.count() == 3
    article = ArticleFactory(draft=True, slug="what-is-an-iop", body="Old words.")
    edit_url = reverse("admin:guide_article_change", args=[article.pk])

    # The writer edits the markdown and watches the preview follow.
    sign_in(page, writer, edit_url)
    page.fill("#id_body", "## Living at home\n\nYou keep your job and see your family.")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("h2")).to_have_text("Living at home")
    expect(preview).to_contain_text("You keep your job")
    page.locator("summary", has_text="Search engines").click()  # folded until needed
    page.fill("#id_meta_title", "What an IOP is")
    expect(page.locator("#id_meta_title_counter")).to_contain_text("14 of about 48 characters")
    expect(page.locator(".search-preview-title")).to_have_text("What an IOP is · IOP Guide")
    page.click("input[name=_submit_for_review]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # The reviewer publishes; readers see the new words at once.
    sign_in(page, reviewer, edit_url)
    expect(page.locator(".workflow-status")).to_contain_text("In review")
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto("/guide/what-is-an-iop/")
    expect(page.locator(".prose")).to_contain_text("You keep your job and see your family.")

    # A new address: the old one answers 301 to it.
    page.goto(edit_url)
    page.fill("#id_slug", "intensive-outpatient-programs")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    response = page.request.get("/guide/what-is-an-iop/", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"] == "/guide/intensive-outpatient-programs/"
    page.goto("/guide/what-is-an-iop/")
    expect(page).to_have_url(re.compile("/guide/intensive-outpatient-programs/$"))
    expect(page.locator("h1")).to_have_text(article.title)
