"""Every save is a version (author, time, message); any two compare; an old one restores as new."""

import pytest
from django.urls import reverse

from iopguide.guide import workflow
from iopguide.guide.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(reviewer):
    """An article saved three times by the reviewer: first, second and third body."""
    article = ArticleFactory(title="Paying for care", body="First body.\n\nSame line.")
    for body in ("Second body.\n\nSame line.", "Third body.\n\nSame line."):
        article.body = body
        workflow.save_article(article, reviewer, message=f"Now: {body[:6]}")
    return article


def compare_url(article, older=None, newer=None):
    url = reverse("admin:guide_article_history_compare", args=[article.pk])
    return f"{url}?older={older or ''}&newer={newer or ''}"


def test_every_save_records_author_time_and_message(edited, reviewer):
    records = list(edited.history.all())
    assert len(records) == 3
    assert records[0].history_user == reviewer
    assert records[0].history_change_reason == "Now: Third"
    assert records[0].history_date >= records[1].history_date


def test_compare_shows_the_difference_between_any_two_versions(edited, reviewer, signed_in):
    oldest, newest = edited.history.last(), edited.history.first()
    page = signed_in(reviewer).get(compare_url(edited, oldest.history_id, newest.history_id))
    html = page.content.decode()
    assert "<del>- First body.</del>" in html
    assert "<ins>+ Third body.</ins>" in html
    assert "Same line." in html


def test_compare_of_a_version_with_itself_reports_no_differences(edited, reviewer, signed_in):
    record = edited.history.first()
    page = signed_in(reviewer).get(compare_url(edited, record.history_id, record.history_id))
    assert b"No differences" in page.content


def test_compare_with_malformed_version_ids_falls_back_to_the_latest_change(
    edited, reviewer, signed_in
):
    page = signed_in(reviewer).get(compare_url(edited, "abc", "9999999"))
    assert page.status_code == 200
    assert b"Third body." in page.content


def test_history_page_lists_versions_with_compare_choices(edited, reviewer, signed_in):
    page = signed_in(reviewer).get(reverse("admin:guide_article_history", args=[edited.pk]))
    assert page.content.count(b'name="older"') == 3
    assert b"Now: Second" in page.content


def test_simple_history_revert_form_sends_editors_to_the_comparison(edited, reviewer, signed_in):
    record = edited.history.last()
    url = reverse("admin:guide_article_simple_history", args=[edited.pk, record.history_id])
    response = signed_in(reviewer).post(url, {"body": "bypass"})
    assert response.status_code == 302
    assert "compare" in response["Location"]
    edited.refresh_from_db()
    assert edited.body.startswith("Third")


def test_restore_saves_the_old_content_as_a_new_version(edited, reviewer, signed_in):
    first = edited.history.last()
    url = reverse("admin:guide_article_history_restore", args=[edited.pk, first.history_id])
    response = signed_in(reviewer).post(url)
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.body.startswith("First body.")
    assert edited.history.count() == 4
    latest = edited.history.first()
    assert latest.history_change_reason.startswith("Restored the version of")
    assert latest.history_user == reviewer


def test_restore_keeps_the_current_workflow_status(reviewer):
    article = ArticleFactory(draft=True, body="Draft words.")
    first = article.history.first()
    workflow.publish(article, reviewer)
    article.body = "Published words."
    workflow.save_article(article, reviewer)
    workflow.restore_version(article, first, reviewer)
    article.refresh_from_db()
    assert article.body == "Draft words."
    assert article.status == Article.Status.PUBLISHED


def test_restore_refuses_a_version_of_another_article(edited, reviewer):
    other = ArticleFactory()
    with pytest.raises(workflow.WorkflowError):
        workflow.restore_version(edited, other.history.first(), reviewer)


@pytest.mark.parametrize("object_id", ["abc", "99999999"])
def test_compare_and_restore_of_an_unknown_article_answer_404(object_id, reviewer, signed_in):
    client = signed_in(reviewer)
    compare = reverse("admin:guide_article_history_compare", args=[object_id])
    restore = reverse("admin:guide_article_history_restore", args=[object_id, 1])
    assert client.get(compare).status_code == 404
    assert client.post(restore).status_code == 404
