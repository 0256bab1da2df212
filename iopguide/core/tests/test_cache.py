"""The content generation number that every cached reader page keys on, in both of its homes:
the shared cache (Redis in production) and the memory-mapped file of the embedded default."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from iopguide.core import cache as content_cache


@pytest.fixture(params=["file", "cache"])
def store(request, settings, tmp_path):
    """Each test runs with the generation in a file, then in the cache."""
    settings.CONTENT_GENERATION_FILE = (
        str(tmp_path / "generation") if request.param == "file" else ""
    )
    return request.param


@pytest.fixture
def scheduled(monkeypatch, store):
    """A schedule provider whose upcoming changes the test controls."""
    upcoming = []
    monkeypatch.setattr(content_cache, "_schedule_providers", [lambda: upcoming])
    return upcoming


@pytest.fixture
def change(db, django_capture_on_commit_callbacks):
    """Announce a change and commit it."""

    def change():
        with django_capture_on_commit_callbacks(execute=True):
            content_cache.content_changed()

    return change


def test_content_version_is_stable_between_changes(scheduled):
    assert content_cache.content_version() == content_cache.content_version()


def test_a_change_gives_a_new_version_and_new_keys(scheduled, change):
    before = content_cache.versioned_key("vocabulary")
    change()
    assert content_cache.versioned_key("vocabulary") != before


@pytest.mark.parametrize("store", ["cache"], indirect=True)
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
def test_content_changed_moves_the_version_on_only_after_the_transaction_commits(
    scheduled, django_capture_on_commit_callbacks
):
    before = content_cache.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        content_cache.content_changed()
    assert content_cache.content_version() == before
    for callback in callbacks:
        callback()
    assert content_cache.content_version() != before


def other_instance(store: str):
    """What another process (with Redis: another app server) reads."""
    if store == "file":
        return content_cache.FileGeneration(Path(content_cache.settings.CONTENT_GENERATION_FILE))
    return caches.create_connection("default")


def test_another_process_sees_a_change_and_its_time_at_once(scheduled, store, change):
    other = other_instance(store)
    content_cache.content_version()
    change()
    version = content_cache.content_version()
    if store == "file":
        assert other.read()[0] == version
        assert other.changed_at(version) == content_cache.content_changed_at()
        other.close()
    else:
        assert other.get(content_cache.VERSION_KEY) == version


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


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_scheduled_change_moves_the_generation_on_once_whichever_process_sees_it(
    scheduled, monkeypatch
):
    now = timezone.now()
    scheduled.append(now + timedelta(minutes=1))
    content_cache.refresh_schedule()
    before = content_cache.content_version()
    other = other_instance("file")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=2))
    assert other.drop_schedule_until(timezone.now().timestamp())  # the other process was first
    assert not content_cache.generation().drop_schedule_until(timezone.now().timestamp())
    other.close()
    assert content_cache.content_version() == before  # moved on by the other one, not twice


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_the_generation_file_keeps_its_number_when_opened_again(scheduled, tmp_path, change):
    change()
    version = content_cache.content_version()
    reopened = content_cache.FileGeneration(tmp_path / "generation")
    assert reopened.read()[0] == version
    reopened.close()
