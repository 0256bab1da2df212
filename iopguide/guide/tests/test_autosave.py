"""Autosave of the article form: drafts kept for their editor only, never written to the article,
offered back with a notice, and gone once the form is saved for real."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iopguide.guide import autosave, workflow
from iopguide.guide.models import Article, ArticleAutosave

from .conftest import admin_form_data, change_url
from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/guide/article/autosave/"


def send(client, payload, **headers):
    return client.post(URL, json.dumps(payload), content_type="application/json", **headers)


def draft_of(article, **fields):
    return {"article": article.pk, "base_version": article.version, "fields": fields}


def make_older(autosave_row, seconds=60):
    ArticleAutosave.objects.filter(pk=autosave_row.pk).update(
        saved_at=autosave_row.saved_at - datetime.timedelta(seconds=seconds)
    )


@pytest.fixture
def kept_draft(writer, signed_in):
    """A writer's draft article with an autosaved draft of theirs: (article, their client)."""
    article = ArticleFactory(draft=True, body="Saved.")
    client = signed_in(writer)
    assert send(client, draft_of(article, body="Typed.")).status_code == 200
    return article, client


def test_the_endpoint_is_the_admin_url_named_in_the_form():
    assert reverse("admin:guide_article_autosave") == URL


def test_a_writer_keeps_a_draft_and_the_article_stays_as_it_was(writer, signed_in):
    article = ArticleFactory(draft=True, body="Saved words.")
    history_before = article.history.count()

    response = send(signed_in(writer), draft_of(article, body="Typed, not saved."))

    assert response.status_code == 200
    assert response.json()["saved_at_display"]
    assert response.json()["warning"] == ""
    kept = ArticleAutosave.objects.get(user=writer, article=article)
    assert kept.fields == {"body": "Typed, not saved."}
    assert kept.base_version == article.version
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.body, fresh.version, fresh.status) == ("Saved words.", article.version, "draft")
    assert fresh.history.count() == history_before


def test_a_draft_never_publishes_even_from_a_reviewer(reviewer, signed_in):
    article = ArticleFactory(draft=True)
    client = signed_in(reviewer)

    refused = send(client, draft_of(article, status="published", _publish="1"))
    kept = send(client, draft_of(article, title="New title", published_at_0="2026-01-01"))

    assert refused.status_code == 400
    assert "Not a field of this form: _publish, status." in refused.json()["error"]
    assert kept.status_code == 200
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.status, fresh.published_at, fresh.title) == ("draft", None, article.title)


@pytest.mark.parametrize(
    "who", ["anonymous", "not staff", "directory editor", "writer on a published article"]
)
def test_only_editors_who_may_change_the_article_keep_drafts(client, who, directory_editor, writer):
    article = ArticleFactory()  # published: writers edit drafts only
    users = {
        "not staff": UserFactory(username="reader", is_staff=False),
        "directory editor": directory_editor,
        "writer on a published article": writer,
    }
    if who in users:
        client.force_login(users[who])

    response = send(client, draft_of(article, body="Mine now."))

    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_a_draft_needs_the_csrf_token(writer, client):
    article = ArticleFactory(draft=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(writer)

    assert send(strict, draft_of(article, body="x")).status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_reading_the_endpoint_is_not_allowed(writer, signed_in):
    assert signed_in(writer).get(URL).status_code == 405


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json", "Send the draft as a JSON object."),
        ([1, 2], "Send the draft as a JSON object."),
        ({"article": None, "fields": "body"}, "The draft must be the form's fields by name."),
        ({"article": None, "fields": {"body": {"a": 1}}}, "body: a field's value must be text."),
        ({"article": None, "base_version": "1", "fields": {}}, "base_version must be a whole"),
        ({"article": None, "fields": {"body": "x" * 200_001}}, "body is too long to keep"),
    ],
)
def test_a_malformed_draft_gets_a_clear_400(writer, signed_in, payload, message):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    response = signed_in(writer).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_draft_of_a_missing_article_is_a_404(writer, signed_in):
    response = send(signed_in(writer), {"article": 999_999, "base_version": 1, "fields": {}})
    assert response.status_code == 404


def test_a_draft_of_a_saved_article_without_its_version_is_refused(writer, signed_in):
    article = ArticleFactory(draft=True)
    response = send(signed_in(writer), {"article": article.pk, "fields": {"body": "x"}})
    assert response.status_code == 400
    assert "needs the version it started from" in response.json()["error"]


def test_drafts_faster_than_every_ten_seconds_are_refused_with_429(writer, signed_in):
    article = ArticleFactory(draft=True)
    client = signed_in(writer)
    assert send(client, draft_of(article, body="First.")).status_code == 200

    response = send(client, draft_of(article, body="Second."))

    assert response.status_code == 429
    assert ArticleAutosave.objects.get().fields == {"body": "First."}
    make_older(ArticleAutosave.objects.get())
    assert send(client, draft_of(article, body="Third.")).status_code == 200
    assert ArticleAutosave.objects.get().fields == {"body": "Third."}


def test_each_editor_has_their_own_draft(writer, reviewer, signed_in):
    article = ArticleFactory(draft=True)
    send(signed_in(writer), draft_of(article, body="Writer's."))
    send(signed_in(reviewer), draft_of(article, body="Reviewer's."))

    assert ArticleAutosave.objects.get(user=writer).fields == {"body": "Writer's."}
    assert ArticleAutosave.objects.get(user=reviewer).fields == {"body": "Reviewer's."}
    assert autosave.pending(writer, article).autosave.fields == {"body": "Writer's."}


def test_a_draft_on_a_version_someone_saved_over_is_kept_with_a_warning(writer, reviewer, client):
    article = ArticleFactory(draft=True, body="Original.")
    opened_at = article.version
    workflow.save_article(Article.objects.get(pk=article.pk), reviewer)  # someone else saves

    client.force_login(writer)
    response = send(client, {"article": article.pk, "base_version": opened_at, "fields": {}})

    assert response.status_code == 200
    assert response.json()["warning"].startswith("reviewer saved this article after you opened")
    pending = autosave.pending(writer, Article.objects.get(pk=article.pk))
    assert pending.stale and pending.saved_by == "reviewer"
    assert Article.objects.get(pk=article.pk).body == "Original."


def test_a_draft_sent_after_its_editor_saved_the_form_is_refused(writer, signed_in):
    article = ArticleFactory(draft=True)
    opened_at = article.version
    client = signed_in(writer)
    assert client.post(change_url(article), admin_form_data(article)).status_code == 302

    response = send(client, {"article": article.pk, "base_version": opened_at, "fields": {}})

    assert response.status_code == 409
    assert not ArticleAutosave.objects.exists()


def test_a_draft_from_another_tab_after_an_older_save_of_ones_own_is_kept(writer, signed_in):
    article = ArticleFactory(draft=True)
    opened_at = article.version
    client = signed_in(writer)
    client.post(change_url(article), admin_form_data(article))  # saved in one tab
    article.history.update(history_date=timezone.now() - datetime.timedelta(minutes=5))

    response = send(client, {"article": article.pk, "base_version": opened_at, "fields": {}})

    assert response.status_code == 200
    assert response.json()["warning"].startswith("writer saved this article after you opened")


def test_opening_the_form_offers_the_draft_back(kept_draft):
    article, client = kept_draft

    page = client.get(change_url(article)).content.decode()

    assert "We kept unsaved changes from" in page
    assert "Restore my changes" in page and "Discard them" in page
    config = client.get(change_url(article)).context["autosave_config"]
    assert config["pending"] == {
        "fields": {"body": "Typed."},
        "base_version": article.version,
    }
    assert "published_at_0" not in config["fields"]  # a writer's form has no publish time
    assert {"title", "body", "summary", "minor_change"} <= set(config["fields"])


def test_no_notice_without_a_draft_or_for_someone_elses(writer, reviewer, signed_in):
    article = ArticleFactory(draft=True)
    send(signed_in(reviewer), draft_of(article, body="The reviewer's."))

    response = signed_in(writer).get(change_url(article))

    assert "We kept unsaved changes" not in response.content.decode()
    assert response.context["autosave_config"]["pending"] is None


def test_the_notice_says_when_someone_saved_a_newer_version(writer, reviewer, signed_in):
    article = ArticleFactory(draft=True, body="Original.")
    send(signed_in(writer), draft_of(article, body="The writer's words."))
    workflow.save_article(Article.objects.get(pk=article.pk), reviewer, expected_version=None)

    response = signed_in(writer).get(change_url(article))
    page = response.content.decode()

    assert "reviewer saved a newer version of this article" in page
    assert "Restore to copy" in page
    assert "See what changed since you started" in page
    config = response.context["autosave_config"]
    # Restoring keeps the draft's version, so the form's own check refuses to save over theirs.
    assert config["pending"]["base_version"] == article.version
    assert config["base_version"] == article.version + 1


def test_a_restored_stale_draft_is_refused_by_the_version_check(writer, reviewer, signed_in):
    article = ArticleFactory(draft=True, body="Original.")
    send(signed_in(writer), draft_of(article, body="The writer's words."))
    workflow.save_article(Article.objects.get(pk=article.pk), reviewer)
    restored = admin_form_data(article, body="The writer's words.")  # expected_version: the draft's

    response = signed_in(writer).post(change_url(article), restored)

    assert "saved this article after you opened it" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "Original."
    assert ArticleAutosave.objects.filter(user=writer).exists()  # still there to copy from


def test_a_draft_older_than_the_articles_last_save_is_not_offered(writer, signed_in):
    article = ArticleFactory(draft=True)
    send(signed_in(writer), draft_of(article, body="Old."))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())

    assert autosave.pending(writer, Article.objects.get(pk=article.pk)) is None


def test_saving_the_form_clears_the_draft(kept_draft):
    article, client = kept_draft

    response = client.post(change_url(article), admin_form_data(article, body="Typed."))

    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_a_workflow_button_clears_the_draft_too(kept_draft):
    article, client = kept_draft

    data = admin_form_data(article, body="Typed.", _submit_for_review="Submit for review")
    client.post(change_url(article), data)

    assert Article.objects.get(pk=article.pk).status == "review"
    assert not ArticleAutosave.objects.exists()


def test_a_refused_save_keeps_the_draft(kept_draft, writer):
    article, client = kept_draft

    client.post(change_url(article), admin_form_data(article, title=""))  # a required field

    assert ArticleAutosave.objects.filter(user=writer, article=article).exists()


def test_a_new_articles_draft_is_offered_on_the_add_form_and_cleared_by_saving(writer, signed_in):
    client = signed_in(writer)
    fields = {"title": "Sleep in early recovery", "body": "Typed."}
    new_draft = {"article": None, "base_version": None, "fields": fields}
    assert send(client, new_draft).status_code == 200
    add_url = reverse("admin:guide_article_add")
    assert "We kept unsaved changes from" in client.get(add_url).content.decode()

    article = ArticleFactory.build(draft=True, slug="sleep", title="Sleep in early recovery")
    data = admin_form_data(article)
    del data["expected_version"]
    assert client.post(add_url, data).status_code == 302

    assert Article.objects.filter(slug="sleep").exists()
    assert not ArticleAutosave.objects.exists()


def test_discarding_drops_the_draft_and_nothing_else(kept_draft):
    article, client = kept_draft

    response = send(client, {"article": article.pk, "discard": True})

    assert response.json() == {"discarded": True}
    assert not ArticleAutosave.objects.exists()
    assert Article.objects.get(pk=article.pk).body == "Saved."
