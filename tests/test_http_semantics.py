"""HTTP the way crawlers use it: validators with 304 answers, HEAD, one canonical URL per page
with 301s from every other form, and the right status for pages that are gone."""

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site

from .seo_sample import make_facility, make_site_sample


@pytest.fixture
def sample(db):
    return make_site_sample()


def _content_pages(sample):
    return {
        "article": sample["article"].get_absolute_url(),
        "guide index": "/guide/",
        "facility": sample["facility"].get_absolute_url(),
        "state": "/find-rehab/va/",
    }


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state"])
def test_content_pages_send_etag_and_last_modified(client, sample, page):
    response = client.get(_content_pages(sample)[page])
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith(" GMT")


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state"])
def test_content_pages_answer_304_to_a_matching_etag(client, sample, page):
    path = _content_pages(sample)[page]
    etag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state"])
def test_content_pages_answer_304_to_if_modified_since(client, sample, page):
    path = _content_pages(sample)[page]
    last_modified = client.get(path)["Last-Modified"]
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_conditional_check_skips_rendering_the_page(client, sample, django_assert_max_num_queries):
    path = sample["article"].get_absolute_url()
    etag = client.get(path)["ETag"]
    with django_assert_max_num_queries(1):
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_editing_an_article_changes_the_validators_of_guide_pages(client, sample):
    article = sample["article"]
    before = {path: client.get(path)["ETag"] for path in ("/guide/", article.get_absolute_url())}
    article.title = "What an IOP is, and who it suits"
    article.save()
    for path, etag in before.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, path
        assert response["ETag"] != etag


def test_changing_a_facility_changes_its_page_and_its_state_page(client, sample):
    facility = sample["facility"]
    paths = (facility.get_absolute_url(), "/find-rehab/va/")
    before = {path: client.get(path)["ETag"] for path in paths}
    facility.phone = "804-555-0199"
    facility.save()
    for path, etag in before.items():
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200, path


def test_a_new_facility_changes_its_state_page_only(client, sample):
    etags = {path: client.get(path)["ETag"] for path in ("/find-rehab/va/", "/find-rehab/md/")}
    make_facility(city="Alexandria", state="VA")
    assert (
        client.get("/find-rehab/va/", HTTP_IF_NONE_MATCH=etags["/find-rehab/va/"]).status_code
        == 200
    )
    assert (
        client.get("/find-rehab/md/", HTTP_IF_NONE_MATCH=etags["/find-rehab/md/"]).status_code
        == 304
    )


@pytest.mark.parametrize("path", ["/", "/privacy/", "/find-rehab/"])
def test_other_pages_get_an_etag_and_304_from_the_middleware(client, sample, path):
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state"])
def test_head_answers_like_get_without_a_body(client, sample, page):
    path = _content_pages(sample)[page]
    get, head = client.get(path), client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_unsafe_methods_on_content_pages_are_405(client, sample):
    assert client.post(sample["article"].get_absolute_url()).status_code == 405


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("/guide", "/guide/"),
        ("/guide/what-is-iop", "/guide/what-is-iop/"),
        ("/privacy", "/privacy/"),
        ("/find-rehab", "/find-rehab/"),
    ],
)
def test_a_url_without_its_trailing_slash_is_301_to_the_canonical_form(
    client, sample, path, canonical
):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_an_old_article_slug_is_301_to_the_new_one(client, sample):
    Redirect.objects.create(
        site=Site.objects.get_current(),
        old_path="/guide/what-is-an-iop/",
        new_path="/guide/what-is-iop/",
    )
    response = client.get("/guide/what-is-an-iop/")
    assert response.status_code == 301
    assert response["Location"] == "/guide/what-is-iop/"


def test_an_unknown_page_is_404_and_noindex(client, sample):
    response = client.get("/guide/no-such-article/")
    assert response.status_code == 404
    assert b'<meta name="robots" content="noindex">' in response.content


def test_a_draft_preview_is_noindex_and_never_cached(admin_client, sample):
    response = admin_client.get(f"{sample['draft'].get_absolute_url()}preview/")
    assert response.status_code == 200
    assert b'<meta name="robots" content="noindex' in response.content
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"]


def test_search_results_are_noindex(client, sample):
    response = client.get("/search/?q=cost")
    assert b'<meta name="robots" content="noindex' in response.content


@pytest.mark.parametrize("path", ["/find-rehab/?near=23220", "/compare/?ids=1,2"])
def test_result_pages_are_noindex_and_their_landing_pages_are_not(client, sample, path):
    assert b'<meta name="robots" content="noindex' in client.get(path).content
    landing = client.get(path.split("?")[0]).content
    assert b'name="robots"' not in landing
