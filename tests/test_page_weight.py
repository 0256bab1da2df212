"""Every page type fits the budget: HTML plus the site's own CSS and JavaScript it links, at most
30 KB on the wire, compressed (editor-uploaded images aside)."""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.browser.pages import EXPECTED_STATUS, PAGE_TYPES

BUDGET_BYTES = 30 * 1024


class AssetLinks(HTMLParser):
    """Collects the stylesheets and scripts a page links."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def linked_assets(html: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(html)
    return parser.urls


def static_file_bytes(url: str) -> bytes:
    assert url.startswith(settings.STATIC_URL), f"{url} is not one of the site's static files"
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is linked but does not exist"
    with open(path, "rb") as file:
        return file.read()


def test_linked_assets_finds_stylesheets_and_scripts():
    html = '<link rel="stylesheet" href="/static/a.css"><script src="/static/b.js"></script>'
    assert linked_assets(html) == ["/static/a.css", "/static/b.js"]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_fits_the_30_kb_compressed_budget(client, reading_pages, page_type):
    # The HTML's bytes as sent to a browser accepting gzip (what every browser accepts); the
    # static files as WhiteNoise serves them, compressed ahead of time.
    response = client.get(reading_pages[page_type], headers={"accept-encoding": "gzip"})
    assert response.status_code == EXPECTED_STATUS.get(page_type, 200)
    assert response["Content-Encoding"] == "gzip"
    html_on_the_wire = len(response.content)
    assets = linked_assets(gzip.decompress(response.content).decode())
    assert any(url.endswith(".css") for url in assets)
    total = html_on_the_wire + sum(compressed_size(static_file_bytes(url)) for url in assets)
    assert total <= BUDGET_BYTES, f"{page_type}: {total} bytes compressed ({assets})"
