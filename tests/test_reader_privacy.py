"""Anonymous readers get no cookie on reading pages, and the privacy page says plainly what the
site stores and what it does not."""

import pytest
from django.urls import reverse

from tests.browser.pages import EXPECTED_STATUS, PAGE_TYPES


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_reading_page_sets_no_cookie_and_does_not_vary_on_cookies(client, reading_pages, page_type):
    response = client.get(reading_pages[page_type])
    assert response.status_code == EXPECTED_STATUS.get(page_type, 200)
    assert not response.cookies, f"{page_type} set {list(response.cookies)}"
    assert "cookie" not in response.headers.get("Vary", "").lower()


@pytest.mark.django_db
def test_privacy_page_says_what_is_stored_and_what_is_not(client):
    text = client.get(reverse("core:privacy")).content.decode().lower()
    for stored in ("problem reports", "editor accounts"):
        assert stored in text
    for never in ("no tracking", "no cookies when you read", "no record of what you searched"):
        assert never in text
