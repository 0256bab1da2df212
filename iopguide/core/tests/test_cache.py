"""The shared content generation number that every cached reader page keys on."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from iopguide.core import cache as content_cache


@pytest.fixture
def scheduled(monkeypatch):
    """A schedule provider whose upcoming changes the test controls."""
    upcoming = []
    monkeypatch.setattr(content_cache, "_schedule_providers", [lambda: upcoming])
    return upcoming


def test_content_version_is_stable_between_changes(scheduled):
    assert content_cache.content_version() == content_cache.content_version()


def test_bump_gives_a_new_version_and_new_page_keys(scheduled):
    before = content_cache.versioned_key("page", "/guide/")
    content_cache.bump_content_version()
    assert content_cache.versioned_key("page", "/guide/") != before


def test_a_version_restarted_after_eviction_never_reuses_an_old_number(scheduled):
    old = content_cache.content_version()
    cache.delete(content_cache.VERSION_KEY)
    assert content_cache.content_version() > old


def test_version_moves_on_by_itself_at_each_scheduled_change(scheduled, monkeypatch):
    now = timezone.now()
    scheduled.extend([now + timedelta(hours=2), now + timedelta(hours=1)])
    content_cache.refresh_schedule()  # as the save that scheduled them does
    first = content_cache.content_version()
    assert content_cache.content_version() == first

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    second = content_cache.content_version()
    assert second != first
    assert content_cache.content_version() == second

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2, seconds=1))
    assert content_cache.content_version() != second


@pytest.mark.django_db
def test_invalidate_article_bumps_only_after_the_transaction_commits(
    scheduled, django_capture_on_commit_callbacks
):
    before = content_cache.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        content_cache.invalidate_article(None)
    assert content_cache.content_version() == before
    for callback in callbacks:
        callback()
    assert content_cache.content_version() != before


def test_another_instance_sharing_the_cache_sees_a_bump_at_once(scheduled):
    """A second connection stands in for another app instance (with REDIS_URL: another client
    of the same Redis)."""
    other_instance = caches.create_connection("default")
    content_cache.content_version()
    bumped = content_cache.bump_content_version()
    assert other_instance.get(content_cache.VERSION_KEY) == bumped


def test_reading_the_version_asks_no_provider_even_when_a_change_is_due(scheduled, monkeypatch):
    """It runs before cached pages are served, so it must not reach the database."""
    now = timezone.now()
    scheduled.append(now + timedelta(minutes=1))
    content_cache.refresh_schedule()

    def refuse():
        raise AssertionError("content_version() consulted a provider")

    monkeypatch.setattr(content_cache, "_schedule_providers", [refuse])
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=2))
    assert content_cache.content_version() == content_cache.content_version()
