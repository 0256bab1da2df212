"""Two editors, one article: the later save based on an old version is refused, not merged."""

import pytest

from iopguide.guide import workflow
from iopguide.guide.models import Article

from .conftest import admin_form_data, change_url
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_every_save_moves_the_version_on(reviewer):
    article = ArticleFactory()
    start = article.version
    workflow.save_article(article, reviewer)
    assert Article.objects.get(pk=article.pk).version == start + 1


def test_a_save_from_an_outdated_version_is_refused_and_overwrites_nothing(reviewer, writer):
    article = ArticleFactory(draft=True, body="Original.")
    opened_at = article.version
    first = Article.objects.get(pk=article.pk)
    first.body = "Writer's edit."
    workflow.save_article(first, writer, expected_version=opened_at)

    second = Article.objects.get(pk=article.pk)
    second.body = "Reviewer's edit."
    with pytest.raises(workflow.StaleVersion, match="writer saved this article after you opened"):
        workflow.save_article(second, reviewer, expected_version=opened_at)
    assert Article.objects.get(pk=article.pk).body == "Writer's edit."


def test_admin_refuses_the_later_of_two_edits_with_a_clear_message(reviewer, writer, client):
    article = ArticleFactory(draft=True, body="Original.")
    writer_form = admin_form_data(article, body="Writer's edit.")
    reviewer_form = admin_form_data(article, body="Reviewer's edit.")

    client.force_login(writer)
    assert client.post(change_url(article), writer_form).status_code == 302
    client.force_login(reviewer)
    response = client.post(change_url(article), reviewer_form)

    assert response.status_code == 200  # the form again, with the reviewer's text kept
    assert "saved this article after you opened it" in response.content.decode()
    assert "Reviewer&#x27;s edit." in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "Writer's edit."


def test_admin_form_without_a_version_is_refused(reviewer, signed_in):
    article = ArticleFactory(body="Original.")
    data = admin_form_data(article, body="Blind overwrite.")
    del data["expected_version"]
    signed_in(reviewer).post(change_url(article), data)
    assert Article.objects.get(pk=article.pk).body == "Original."
