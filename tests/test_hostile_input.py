"""No input answers 5xx: characters the database cannot store are refused with the site's 400
page before any view runs, and a saved corpus of hostile requests over every public URL type
(tests/fuzz/hostile_requests.txt, from scripts/make_hostile_corpus.py) never gets a 5xx, on
SQLite and on PostgreSQL."""

from pathlib import Path

import pytest
from django.test import Client

from tests.browser.pages import create_reading_content

CORPUS = Path(__file__).parent / "fuzz" / "hostile_requests.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return create_reading_content()


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?ids=%00",
        "/compare/?ids=a%00b",
        "/find-rehab/?ids=%00",
        "/find-rehab/v%00a/charlottesville/",
        "/find-rehab/?near=22901%00",
        "/guide/%00/",
        "/search/?q=%00",
        "/?%00=1",
    ],
)
def test_a_nul_byte_in_the_path_or_query_is_refused_with_the_site_page(client, content, url):
    response = client.get(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html
    assert 'href="tel:988"' in html  # the site's page, crisis lines and all


def test_a_nul_byte_in_a_form_field_is_refused_and_nothing_is_stored(client, content):
    facility = content.facilities[0]

    response = client.post(f"{facility.get_absolute_url()}report/", {"message": "Wrong\x00"})

    assert response.status_code == 400
    assert not facility.reports.exists()


def test_an_encoded_surrogate_is_read_as_a_replacement_character_not_an_error(client, content):
    assert client.get("/search/?q=%ED%A0%80").status_code == 200


def corpus_requests(content) -> list[tuple[str, str, str]]:
    names = {
        "{facility}": content.facilities[0].slug,
        "{article}": content.article.slug,
        "{state}": "va",
        "{city}": "charlottesville",
    }
    requests = []
    for line in CORPUS.read_text().splitlines():
        for placeholder, value in names.items():
            line = line.replace(placeholder, value)
        method, url, *body = line.split(" ", 2)
        requests.append((method, url, body[0] if body else ""))
    return requests


@pytest.mark.timeout(360)  # over 2,000 requests: about 100 s on a busy 2-core machine
def test_no_request_in_the_hostile_corpus_gets_a_server_error(content):
    requests = corpus_requests(content)
    assert len(requests) >= 2000
    client = Client(raise_request_exception=False)
    failures = []
    for method, url, body in requests:
        response = client.generic(
            method, url, body, content_type="application/x-www-form-urlencoded"
        )
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method} {url[:120]} {body[:80]}")
    assert not failures, f"{len(failures)} of {len(requests)} failed:\n" + "\n".join(failures[:40])
