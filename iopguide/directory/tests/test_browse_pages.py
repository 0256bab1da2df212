"""State and city browse pages."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.views.browse import PER_PAGE

pytestmark = pytest.mark.django_db


def listing_names(response) -> list[str]:
    return [facility.name for facility, _settings in response.context["listings"]]


def test_state_page_lists_iops_first_with_counts(client):
    FacilityFactory(name="Able Outpatient", service_codes=" SA OP ORT ")
    FacilityFactory(name="Zephyr IOP", service_codes=" SA OP OIT ")
    FacilityFactory(name="Norfolk IOP", city="Norfolk", service_codes=" SA OIT ")
    FacilityFactory(name="Texas Program", state="TX", city="Austin")
    FacilityFactory(name="Closed IOP", is_active=False)

    response = client.get("/find-rehab/va/")

    assert response.status_code == 200
    assert listing_names(response) == ["Norfolk IOP", "Zephyr IOP", "Able Outpatient"]
    html = response.content.decode()
    assert "<h1>Treatment programs in Virginia</h1>" in html
    assert "3 programs listed, 2 of them intensive outpatient (IOP)" in html
    assert 'href="/find-rehab/va/charlottesville/">Charlottesville</a> (2, 1 IOP)' in html
    assert 'href="/find-rehab/va/norfolk/">Norfolk</a> (1, 1 IOP)' in html


def test_state_page_lists_a_listing_whose_city_has_no_address_without_a_city_link(client):
    FacilityFactory(name="Charlottesville IOP", service_codes=" SA OIT ")
    FacilityFactory(name="Unnamed City IOP", city="東京", service_codes=" SA OIT ")

    response = client.get("/find-rehab/va/")

    assert response.status_code == 200
    assert "Unnamed City IOP" in listing_names(response)
    html = response.content.decode()
    assert "2 programs listed" in html
    assert 'href="/find-rehab/va//"' not in html


def test_city_page_lists_only_that_city(client):
    FacilityFactory(name="Charlottesville IOP", service_codes=" SA OIT ")
    FacilityFactory(name="Norfolk IOP", city="Norfolk")

    response = client.get("/find-rehab/va/charlottesville/")

    assert response.status_code == 200
    assert listing_names(response) == ["Charlottesville IOP"]
    html = response.content.decode()
    assert "<h1>Treatment programs in Charlottesville, VA</h1>" in html
    assert "1 program listed, 1 of them intensive outpatient (IOP)" in html
    assert 'href="/find-rehab/va/">All programs in Virginia</a>' in html


def test_browse_pages_are_paginated(client):
    FacilityFactory.create_batch(PER_PAGE + 3)

    first = client.get("/find-rehab/va/")
    second = client.get("/find-rehab/va/?page=2")

    assert len(first.context["listings"]) == PER_PAGE
    assert len(second.context["listings"]) == 3
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert 'href="http://127.0.0.1:8000/find-rehab/va/?page=2"' in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "999", "1.5"])
def test_a_bad_page_number_never_breaks_the_page(client, page):
    FacilityFactory()

    assert client.get(f"/find-rehab/va/?page={page}").status_code == 200


def test_a_nul_byte_for_a_page_number_is_a_bad_request(client):
    # Refused for every URL by RejectUnstorableInputMiddleware (tests/test_hostile_input.py).
    FacilityFactory()

    assert client.get("/find-rehab/va/?page=%00").status_code == 400


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/find-rehab/VA/", "/find-rehab/va/"),
        ("/find-rehab/Va/Charlottesville/", "/find-rehab/va/charlottesville/"),
        ("/find-rehab/va/Charlottesville/", "/find-rehab/va/charlottesville/"),
        ("/find-rehab/virginia/", "/find-rehab/va/"),
        ("/find-rehab/north-carolina/", "/find-rehab/nc/"),
    ],
)
def test_other_forms_of_a_browse_url_redirect_permanently_to_lower_case(client, url, location):
    FacilityFactory()

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == location


def test_unknown_state_answers_404_with_a_way_back(client):
    FacilityFactory()

    response = client.get("/find-rehab/zz/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/find-rehab/va/">Virginia</a>' in html
    assert 'href="/find-rehab/">' in html


def test_state_without_listings_answers_404(client):
    assert client.get("/find-rehab/wy/").status_code == 404


def test_unknown_city_answers_404_with_a_link_to_its_state(client):
    FacilityFactory()

    response = client.get("/find-rehab/va/atlantis/")

    assert response.status_code == 404
    assert 'href="/find-rehab/va/">See all programs in Virginia</a>' in response.content.decode()


def test_browse_pages_set_no_cookie(client):
    FacilityFactory()

    assert not client.get("/find-rehab/va/").cookies
    assert not client.get("/find-rehab/va/charlottesville/").cookies


@pytest.mark.parametrize("url", ["/find-rehab/va/", "/find-rehab/va/charlottesville/"])
def test_browse_query_count_does_not_grow_with_the_number_of_facilities(client, url):
    FacilityFactory.create_batch(2)
    with CaptureQueriesContext(connection) as with_two:
        client.get(url)
    FacilityFactory.create_batch(40, service_codes=" SA OIT ORT MD ")
    cache.clear()

    with CaptureQueriesContext(connection) as with_forty_two:
        assert client.get(url).status_code == 200

    assert len(with_forty_two) == len(with_two) <= 5
