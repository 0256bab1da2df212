"""No page asks another origin for anything: fonts, scripts, images, analytics, maps."""

from urllib.parse import urlsplit

import pytest

from tests.browser.pages import EXPECTED_STATUS, PAGE_TYPES


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_requests_only_its_own_origin(page, live_server, reading_pages, page_type):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(reading_pages[page_type])
    page.wait_for_load_state("networkidle")
    assert response.status == EXPECTED_STATUS.get(page_type, 200)
    network = [url for url in requested if not url.startswith("data:")]
    assert network, "no request was recorded"
    assert [url for url in network if origin(url) != live_server.url] == []
    # The stylesheet and favicon came from the site itself.
    assert any(urlsplit(url).path.endswith(".css") for url in network)
