"""A future publish time schedules the article: it goes live then, with nobody present."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from iopguide.core.cache import content_version
from iopguide.guide import workflow
from iopguide.guide.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """A controlled clock: clock.move(hours=2) moves django.utils.timezone.now() on."""

    class Clock:
        now = timezone.now()

        def move(self, **delta):
            self.now += timedelta(**delta)

    controlled = Clock()
    monkeypatch.setattr(timezone, "now", lambda: controlled.now)
    return controlled


def test_a_scheduled_article_is_not_public_before_its_time(reviewer, clock, client):
    article = ArticleFactory(draft=True, slug="later")
    workflow.publish(article, reviewer, at=clock.now + timedelta(hours=2))
    assert article.history.first().history_change_reason == "Scheduled"
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get("/guide/later/").status_code == 404


def test_a_scheduled_article_goes_live_at_its_time_without_anyone_acting(reviewer, clock, client):
    article = ArticleFactory(draft=True, slug="later")
    workflow.publish(article, reviewer, at=clock.now + timedelta(hours=2))
    clock.move(hours=2, seconds=1)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert client.get("/guide/later/").status_code == 200


def test_cached_pages_are_invalidated_when_a_scheduled_article_goes_live(
    reviewer, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(ArticleFactory(draft=True), reviewer, at=clock.now + timedelta(hours=2))
    before = content_version()
    clock.move(hours=1)
    assert content_version() == before
    clock.move(hours=1, seconds=1)
    assert content_version() != before


def test_publishing_without_a_time_goes_live_now(reviewer, clock):
    article = workflow.publish(ArticleFactory(draft=True), reviewer)
    assert article.published_at == clock.now
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_article_list_tells_scheduled_articles_from_live_ones(reviewer, clock, signed_in):
    ArticleFactory(title="Live now")
    ArticleFactory(title="Goes live later", published_at=clock.now + timedelta(days=1))
    page = signed_in(reviewer).get(reverse("admin:guide_article_changelist")).content.decode()
    assert "Scheduled for" in page
    assert page.count("Scheduled for") == 1
