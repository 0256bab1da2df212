"""Distances say how they were measured: a listing placed at its ZIP's center never shows a
precise-looking "0.0 miles", and listings at the same point sort by name."""

import re

import pytest
from django.urls import reverse

from iopguide.directory.models import Facility
from iopguide.directory.search import distance_text
from iopguide.directory.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db
URL = reverse("directory:find_rehab")


def located(**fields) -> Facility:
    return FacilityFactory(location_precision=Facility.LocationPrecision.SOURCE, **fields)


def names_in_order(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"(Zeta|Alpha|Mid|Far) Recovery", html)))


def test_a_located_address_gets_a_plain_distance():
    assert distance_text(3.24, located()) == "3.2 miles"


def test_a_zip_placed_listing_gets_an_approximate_distance_from_its_zip_center():
    facility = FacilityFactory(zip_code="22911")

    assert distance_text(3.24, facility, "22902") == "about 3 miles, from the center of ZIP 22911"
    assert distance_text(0.4, facility) == "less than a mile, from the center of ZIP 22911"


def test_a_zip_placed_listing_in_the_searched_zip_says_so_instead_of_zero_miles():
    assert distance_text(0.0, FacilityFactory(zip_code="22903"), "22903") == (
        "In ZIP 22903, the ZIP you searched"
    )


def test_results_in_the_searched_zip_are_not_all_zero_miles_and_ties_sort_by_name(client):
    for name in ("Zeta", "Alpha", "Mid"):
        FacilityFactory(name=f"{name} Recovery")  # all at the center of ZIP 22903
    FacilityFactory(name="Far Recovery", zip_code="22911", latitude=38.10, longitude=-78.40)

    html = client.get(URL, {"near": "22903"}).content.decode()

    assert "0.0 miles" not in html
    assert html.count("In ZIP 22903, the ZIP you searched") == 3
    assert "about 7 miles, from the center of ZIP 22911" in html
    assert names_in_order(html) == ["Alpha", "Mid", "Zeta", "Far"]


def test_a_facility_page_says_where_its_map_point_comes_from(client):
    placed = FacilityFactory(zip_code="22903")
    exact = located()

    assert "from the center of ZIP code 22903, not from the address itself" in (
        client.get(placed.get_absolute_url()).content.decode()
    )
    assert "Distances are measured from the address" in (
        client.get(exact.get_absolute_url()).content.decode()
    )
