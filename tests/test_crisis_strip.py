"""The crisis strip, with all three numbers, is on every page type."""

import pytest

CRISIS_LINKS = ['href="tel:988"', 'href="tel:+18006624357"', 'href="tel:911"']
PAGES = ["/", "/guide/", "/privacy/", "/find-rehab/", "/compare/", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_shows_all_three_crisis_numbers(client, path):
    body = client.get(path).content.decode()
    strip = body.split('aria-label="Crisis help"', 1)[1].split("</aside>", 1)[0]
    for link in CRISIS_LINKS:
        assert link in strip, f"{link} missing on {path}"
