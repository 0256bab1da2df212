import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_loads_in_chromium_with_the_crisis_strip(page):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator('aside[aria-label="Crisis help"] a[href="tel:988"]').is_visible()
