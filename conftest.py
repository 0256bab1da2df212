"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.conf import settings


def pytest_configure(config):
    # WhiteNoise's folder (settings/test.py) and var/, made here rather than by importing settings.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Each test starts with empty caches (and, without Redis, its own content generation
    file), so a cached page, fragment or schedule never leaks between tests."""
    from django.core.cache import caches

    from iopguide.core.cache import generation

    if settings.CONTENT_GENERATION_FILE:
        django_settings = request.getfixturevalue("settings")
        django_settings.CONTENT_GENERATION_FILE = str(
            request.getfixturevalue("tmp_path") / "content-generation"
        )
        generation().store_schedule([])  # as on a running site: no publication scheduled
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _forget_listing_demand():
    """Reader-demand counts gather in the process: each test starts with none."""
    from iopguide.directory import demand

    demand.forget()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data when present (the real SAMHSA files); tests that need it skip otherwise."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip("../shared/data is not present")
    return path
