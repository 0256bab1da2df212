"""Readers get HTML compressed as their browser accepts; pages that can carry a secret never are."""

import gzip

import brotli
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory

from iopguide.core.compression import accepted_encoding
from tests.browser.pages import create_reading_content

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("identity", ""),
        ("", ""),
        ("*", "br"),
        ("gzip;q=nonsense", ""),
    ],
)
def test_the_encoding_follows_accept_encoding_and_its_weights(header, expected):
    request = RequestFactory().get("/", headers={"accept-encoding": header})
    assert accepted_encoding(request) == expected


@pytest.fixture
def article_url():
    return create_reading_content().article.get_absolute_url()


@pytest.mark.parametrize(
    ("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_an_article_comes_compressed_with_its_own_etag(client, article_url, encoding, decompress):
    plain = client.get(article_url)
    compressed = client.get(article_url, headers={"accept-encoding": encoding})
    assert compressed["Content-Encoding"] == encoding
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 2
    assert compressed["ETag"] == plain["ETag"][:-1] + f'-{encoding}"'


def test_a_cached_hit_sends_the_stored_compressed_bytes(
    client, article_url, django_assert_num_queries
):
    first = client.get(article_url, headers={"accept-encoding": "br"})
    with django_assert_num_queries(0):
        hit = client.get(article_url, headers={"accept-encoding": "br"})
    assert hit.content == first.content
    assert hit["Content-Encoding"] == "br"


@pytest.mark.parametrize("cached", [False, True])
def test_each_encoding_answers_its_own_etag_with_304_and_no_other(client, article_url, cached):
    etag = client.get(article_url, headers={"accept-encoding": "br"})["ETag"]
    # A parameter the page cache does not know: the view's own conditional check answers.
    url = article_url if cached else f"{article_url}?utm_source=mail"
    again = client.get(url, headers={"accept-encoding": "br", "if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    other = client.get(article_url, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert other.status_code == 200
    assert other["Content-Encoding"] == "gzip"


def test_the_same_page_compresses_to_the_same_bytes_every_time(client, article_url):
    first = client.get(article_url, headers={"accept-encoding": "gzip"}).content
    cache.clear()
    assert client.get(article_url, headers={"accept-encoding": "gzip"}).content == first


def test_the_admin_for_signed_in_staff_is_never_compressed(client):
    staff = get_user_model().objects.create_superuser("editor", password="pw")
    client.force_login(staff)
    response = client.get("/admin/", headers={"accept-encoding": "gzip, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_form_with_a_csrf_token_is_never_compressed(client):
    facility = create_reading_content().facilities[0]
    response = client.get(
        f"{facility.get_absolute_url()}report/", headers={"accept-encoding": "br"}
    )
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_the_sign_in_page_is_never_compressed(client):
    response = client.get("/admin/login/", headers={"accept-encoding": "br"})
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response
