"""A published article's old address answers 301 to its new one, with chains collapsed."""

import pytest
from django.contrib.redirects.models import Redirect

from iopguide.guide import workflow

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rename(article, slug, user):
    article.slug = slug
    return workflow.save_article(article, user)


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def test_slug_change_of_a_published_article_answers_301_from_the_old_address(reviewer, client):
    article = rename(ArticleFactory(slug="old-name"), "new-name", reviewer)
    response = client.get("/guide/old-name/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() == "/guide/new-name/"


def test_redirect_chains_are_collapsed(reviewer, client):
    article = ArticleFactory(slug="a")
    rename(article, "b", reviewer)
    rename(article, "c", reviewer)
    assert redirects() == {"/guide/a/": "/guide/c/", "/guide/b/": "/guide/c/"}
    assert client.get("/guide/a/")["Location"] == "/guide/c/"


def test_returning_to_an_old_slug_removes_its_redirect_and_leaves_no_loop(reviewer, client):
    article = ArticleFactory(slug="a")
    rename(article, "b", reviewer)
    rename(article, "a", reviewer)
    assert redirects() == {"/guide/b/": "/guide/a/"}
    assert client.get("/guide/a/").status_code == 200


def test_renaming_a_draft_creates_no_redirect(writer):
    rename(ArticleFactory(draft=True, slug="draft-a"), "draft-b", writer)
    assert redirects() == {}
