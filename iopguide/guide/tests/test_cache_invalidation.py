"""After a publish or an edit, every instance's cached pages are stale at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from iopguide.core.cache import NEXT_CHANGE_KEY, content_version, versioned_key
from iopguide.guide import workflow

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(draft=True)


def test_an_edit_changes_the_content_version_once_committed(
    article, reviewer, django_capture_on_commit_callbacks
):
    before = versioned_key("page", "/guide/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.body = "Edited."
        workflow.save_article(article, reviewer)
    assert versioned_key("page", "/guide/") == before  # not yet committed: old pages still fine
    for callback in callbacks:
        callback()
    assert versioned_key("page", "/guide/") != before


@pytest.mark.parametrize("action", [workflow.publish, workflow.unpublish])
def test_publishing_and_unpublishing_invalidate_cached_pages(
    action, article, reviewer, django_capture_on_commit_callbacks
):
    if action is workflow.unpublish:
        workflow.publish(article, reviewer)
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        action(article, reviewer)
    assert content_version() != before


def test_deleting_an_article_invalidates_cached_pages(article, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert content_version() != before


def test_readers_see_an_edit_at_once_though_the_page_was_cached(
    reviewer, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="cached", body="Old words.")
    client.get("/guide/cached/")
    with django_assert_num_queries(0):  # served whole from the shared page cache
        assert b"Old words." in client.get("/guide/cached/").content
    article.body = "New words."
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(article, reviewer)
    assert b"New words." in client.get("/guide/cached/").content


@pytest.fixture
def second_goes_live_in_an_hour(reviewer, django_capture_on_commit_callbacks):
    """Article "first" is live; "second", next in its section, is scheduled an hour from now.
    Returns the moment it goes live."""
    goes_live = timezone.now() + timedelta(hours=1)
    ArticleFactory(slug="first", section="Basics", order=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(
            ArticleFactory(draft=True, slug="second", section="Basics", order=2),
            reviewer,
            at=goes_live,
        )
    return goes_live


def test_a_scheduled_article_appears_on_cached_pages_when_it_goes_live(
    client, monkeypatch, second_goes_live_in_an_hour
):
    assert b"/guide/second/" not in client.get("/guide/first/").content  # now cached

    monkeypatch.setattr(timezone, "now", lambda: second_goes_live_in_an_hour + timedelta(seconds=1))
    assert b"/guide/second/" in client.get("/guide/first/").content


@pytest.fixture
def generation_in_the_cache(settings):
    """As with REDIS_URL set: the content generation and the schedule live in the cache."""
    settings.CONTENT_GENERATION_FILE = ""


def test_a_cache_that_lost_the_schedule_learns_it_again_from_the_next_rendered_page(
    generation_in_the_cache, client, monkeypatch, second_goes_live_in_an_hour
):
    cache.clear()  # a Redis restart or eviction: the schedule is gone, no article is saved
    assert b"/guide/second/" not in client.get("/guide/first/").content
    assert cache.get(NEXT_CHANGE_KEY) == pytest.approx(second_goes_live_in_an_hour.timestamp())

    monkeypatch.setattr(timezone, "now", lambda: second_goes_live_in_an_hour + timedelta(seconds=1))
    assert b"/guide/second/" in client.get("/guide/first/").content
