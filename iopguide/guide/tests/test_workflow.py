"""draft → in review → published → draft, through the services and the admin's buttons."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from iopguide.guide import workflow
from iopguide.guide.models import Article

from .conftest import admin_form_data, change_url
from .factories import ArticleFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_writer_submits_a_draft_for_review_with_a_history_note(writer):
    article = ArticleFactory(draft=True)
    workflow.submit_for_review(article, writer)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    latest = article.history.first()
    assert latest.history_user == writer
    assert latest.history_change_reason == "Submitted for review"


def test_only_a_draft_can_be_submitted_for_review(writer):
    with pytest.raises(workflow.WorkflowError):
        workflow.submit_for_review(ArticleFactory(), writer)


def test_writer_may_not_publish(writer):
    article = ArticleFactory(draft=True)
    with pytest.raises(PermissionDenied):
        workflow.publish(article, writer)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_reviewer_publishes_an_article_in_review(reviewer):
    article = ArticleFactory(draft=True, status=Article.Status.REVIEW)
    workflow.publish(article, reviewer, message="Checked the figures")
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.history.first().history_change_reason == "Published: Checked the figures"


def test_unpublishing_takes_the_article_off_the_site(reviewer):
    article = ArticleFactory()
    workflow.unpublish(article, reviewer)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_writer_may_not_edit_an_article_once_it_left_draft(writer):
    article = ArticleFactory(status=Article.Status.REVIEW)
    article.body = "Changed behind the reviewer's back."
    with pytest.raises(PermissionDenied):
        workflow.save_article(article, writer)


def test_admin_submit_button_sends_the_draft_to_review(writer, signed_in):
    article = ArticleFactory(draft=True)
    client = signed_in(writer)
    data = admin_form_data(article, body="New words.", _submit_for_review="Submit for review")
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.body) == (Article.Status.REVIEW, "New words.")


def test_admin_publish_button_publishes_for_a_reviewer(reviewer, signed_in):
    article = ArticleFactory(draft=True, status=Article.Status.REVIEW)
    response = signed_in(reviewer).post(
        change_url(article), admin_form_data(article, _publish="Publish")
    )
    assert response.status_code == 302
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_admin_hides_buttons_a_role_may_not_use(writer, signed_in):
    page = signed_in(writer).get(change_url(ArticleFactory(draft=True)))
    assert b'name="_submit_for_review"' in page.content
    assert b'name="_publish"' not in page.content


def test_admin_refuses_a_publish_posted_by_a_writer(writer, signed_in):
    article = ArticleFactory(draft=True)
    signed_in(writer).post(change_url(article), admin_form_data(article, _publish="Publish"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_saving_in_the_admin_lists_quality_warnings(writer, signed_in):
    article = ArticleFactory(draft=True)
    response = signed_in(writer).post(
        change_url(article),
        admin_form_data(article, body="Every addict deserves care."),
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any("person with a substance use disorder" in message for message in messages)


def test_edit_page_shows_quality_checks_and_search_preview(reviewer, signed_in):
    article = ArticleFactory(sources=[])
    page = signed_in(reviewer).get(change_url(article)).content.decode()
    assert "No sources cited." in page
    assert 'class="search-preview"' in page
    assert "js/admin-article.js" in page


def test_view_on_site_opens_the_staff_preview_so_drafts_can_be_seen(writer, signed_in):
    article = ArticleFactory(draft=True)
    page = signed_in(writer).get(change_url(article)).content.decode()
    assert f'href="{article.get_preview_url()}"' in page


def test_writer_creates_a_draft_in_the_admin(writer, signed_in):
    draft = ArticleFactory.build(slug="new-draft")
    data = admin_form_data(draft, expected_version="")
    response = signed_in(writer).post(reverse("admin:guide_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-draft")
    assert article.status == Article.Status.DRAFT
    assert article.history.first().history_user == writer


def test_reviewer_may_not_create_articles(reviewer, signed_in):
    assert signed_in(reviewer).get(reverse("admin:guide_article_add")).status_code == 403


# Dates readers see: "Updated" and the clinical review --------------------------------------

A_WHILE_AGO = datetime.date(2026, 10, 1)


def test_a_change_to_the_text_moves_the_updated_date_to_today(writer):
    article = ArticleFactory(draft=True, updated_on=A_WHILE_AGO)
    article.body += "\nA new paragraph with a new fact.\n"
    workflow.save_article(article, writer)
    article.refresh_from_db()
    assert article.updated_on == timezone.localdate()


def test_a_minor_fix_or_a_change_outside_the_text_keeps_the_updated_date(writer):
    article = ArticleFactory(draft=True, updated_on=A_WHILE_AGO)
    article.body = article.body.replace("Some plain", "Some plain,")
    workflow.save_article(article, writer, minor=True)
    article.order += 1
    workflow.save_article(article, writer)
    article.refresh_from_db()
    assert article.updated_on == A_WHILE_AGO


def test_the_admins_minor_fix_box_keeps_the_updated_date(writer, signed_in):
    article = ArticleFactory(draft=True, updated_on=A_WHILE_AGO)
    data = admin_form_data(article, body=article.body + "typo", minor_change="on")
    signed_in(writer).post(change_url(article), data)
    article.refresh_from_db()
    assert article.body.endswith("typo") and article.updated_on == A_WHILE_AGO


def test_approving_a_review_records_the_reviewers_record_and_today(reviewer):
    record = ReviewerFactory(user=reviewer)
    article = ArticleFactory(updated_on=A_WHILE_AGO)
    workflow.approve_review(article, reviewer)
    article.refresh_from_db()
    assert (article.reviewer, article.reviewed_on) == (record, timezone.localdate())
    assert article.updated_on == A_WHILE_AGO  # a sign-off changes no text
    assert article.history.first().history_user == reviewer


def test_only_a_user_linked_to_a_reviewer_record_can_approve(reviewer, writer):
    ReviewerFactory(user=writer)  # a record, but no review permission
    for user in (reviewer, writer):
        with pytest.raises(PermissionDenied):
            workflow.approve_review(ArticleFactory(), user)
    assert not Article.objects.filter(reviewed_on__isnull=False).exists()


def test_restoring_an_old_version_never_brings_back_a_review(reviewer):
    record = ReviewerFactory(user=reviewer)
    article = ArticleFactory(reviewer=record, reviewed_on=A_WHILE_AGO)
    old = article.history.first()
    article.reviewer, article.reviewed_on = None, None
    workflow.save_article(article, reviewer)
    workflow.restore_version(article, old, reviewer)
    article.refresh_from_db()
    assert (article.reviewer, article.reviewed_on) == (None, None)


def test_saving_text_the_sanitizer_drops_warns_in_the_panel_and_on_save(writer, signed_in):
    article = ArticleFactory(draft=True)
    body = "Intro.\n\n<script src=//x>\n\nThese five words would vanish."
    client = signed_in(writer)

    response = client.post(change_url(article), admin_form_data(article, body=body), follow=True)

    warning = "5 words after an unclosed <script> tag were removed"
    assert any(warning in str(message) for message in response.context["messages"])
    assert (
        warning.replace("<", "&lt;").replace(">", "&gt;")
        in client.get(change_url(article)).content.decode()
    )
