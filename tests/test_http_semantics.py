"""HTTP the way crawlers use it: validators with 304 answers, HEAD, one canonical URL per page
with 301s from every other form, and the right status for pages that are gone."""

import datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.cache import cache

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
        "city": "/find-rehab/va/richmond/",
    }


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state", "city"])
def test_content_pages_send_etag_and_last_modified(client, sample, page):
    response = client.get(_content_pages(sample)[page])
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith(" GMT")


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state", "city"])
def test_content_pages_answer_304_to_a_matching_etag(client, sample, page):
    path = _content_pages(sample)[page]
    etag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state", "city"])
def test_content_pages_answer_304_to_if_modified_since(client, sample, page):
    path = _content_pages(sample)[page]
    last_modified = client.get(path)["Last-Modified"]
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_304_costs_no_database_query(client, sample, django_assert_num_queries):
    path = sample["article"].get_absolute_url()
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_pages_have_their_own_etags(client, sample):
    etags = {path: client.get(path)["ETag"] for path in _content_pages(sample).values()}
    assert len(set(etags.values())) == len(etags)


@pytest.mark.parametrize("change", ["edit an article", "edit a facility", "add a facility"])
def test_a_content_change_changes_the_validators_of_every_page(
    client, sample, django_capture_on_commit_callbacks, change
):
    before = {path: client.get(path)["ETag"] for path in _content_pages(sample).values()}
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit an article":
            sample["article"].title = "What an IOP is, and who it suits"
            sample["article"].save()
        elif change == "edit a facility":
            sample["facility"].phone = "804-555-0199"
            sample["facility"].save()
        else:
            make_facility(city="Alexandria", state="VA")
    for path, etag in before.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, path
        assert response["ETag"] != etag


def test_a_new_release_changes_the_validators(client, sample, monkeypatch):
    path = sample["article"].get_absolute_url()
    etag = client.get(path)["ETag"]
    new_code = ("another-release", datetime.datetime.now(tz=datetime.UTC))
    monkeypatch.setattr("iopguide.core.freshness.code_version", lambda: new_code)
    cache.clear()  # the page cache's entries belong to the old release
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("path", ["/", "/privacy/", "/find-rehab/"])
def test_other_pages_get_an_etag_and_304_from_the_middleware(client, sample, path):
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("page", ["article", "guide index", "facility", "state", "city"])
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


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("/find-rehab/VA/", "/find-rehab/va/"),
        ("/find-rehab/virginia/", "/find-rehab/va/"),
        ("/find-rehab/VA/Richmond/", "/find-rehab/va/richmond/"),
    ],
)
def test_other_forms_of_a_browse_url_are_301_to_the_canonical_one(client, sample, path, canonical):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_a_deactivated_facility_is_410_and_noindex(client, sample):
    response = client.get(sample["inactive_facility"].get_absolute_url())
    assert response.status_code == 410
    assert b'<meta name="robots" content="noindex">' in response.content
    assert b'rel="canonical"' not in response.content


def test_a_facility_deactivated_after_a_crawl_is_410_to_a_conditional_get(
    client, sample, django_capture_on_commit_callbacks
):
    facility = sample["facility"]
    etag = client.get(facility.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        facility.is_active = False
        facility.save()
    assert client.get(facility.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 410
