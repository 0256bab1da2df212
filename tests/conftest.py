"""Fixtures for the site-wide tests (tests/ and tests/browser/)."""

import pytest

from tests.browser.pages import create_reading_content, page_urls


@pytest.fixture
def reading_pages(db) -> dict[str, str]:
    """Representative content in the database; returns the URL of every page type by name."""
    return page_urls(create_reading_content())
