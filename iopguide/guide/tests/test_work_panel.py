"""The guide's panel for the editors' start page lists the work waiting, each a link to it."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from iopguide.guide.models import Article, ZeroResultQuery

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    template = Template("{% load guide_admin %}{% guide_work_panel %}")
    return template.render(Context({"request": request}))


def change_url(article):
    return reverse("admin:guide_article_change", args=[article.pk])


def test_panel_links_to_articles_in_review_scheduled_and_due_for_review():
    in_review = ArticleFactory(title="Waiting one", status=Article.Status.REVIEW)
    scheduled = ArticleFactory(
        title="Later one", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    due = ArticleFactory(title="Old review", reviewed=True)
    due.reviewed_on = timezone.localdate() - datetime.timedelta(days=340)
    due.save()
    fresh = ArticleFactory(title="Fresh review", reviewed=True)
    ZeroResultQuery.objects.create(query="sober living", count=5)

    html = render_panel(UserFactory(role="Writer"))

    for article in (in_review, scheduled, due):
        assert change_url(article) in html
    review_due = html.split("Clinical review due", 1)[1].split("<h3>", 1)[0]
    assert change_url(due) in review_due and change_url(fresh) not in review_due
    assert "sober living" in html and "(English, 5)" in html


def test_panel_is_hidden_from_staff_without_guide_permissions():
    ArticleFactory(title="Waiting one", status=Article.Status.REVIEW)
    assert render_panel(UserFactory(role="Directory editor")).strip() == ""


@pytest.mark.django_db
def test_the_admin_start_page_opens_with_the_guide_panel(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert html.index("Guide: what needs doing") < html.index("Directory: what needs doing")
