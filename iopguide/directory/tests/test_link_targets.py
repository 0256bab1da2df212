"""Links from articles to directory pages are checked against the listings (link_targets.py),
without HTTP: the guide's link checker asks core.link_targets, which the directory fills."""

import pytest

from iopguide.guide.links import InternalLinks

from .factories import FacilityFactory

pytestmark = pytest.mark.django_db


def reason(address):
    found = InternalLinks().problem(address)
    return found[2] if found else None


def test_a_link_to_a_listed_facility_state_or_city_is_fine():
    FacilityFactory(slug="open-door", state="VA", city="Charlottesville")
    assert reason("/facilities/open-door/") is None
    assert reason("/find-rehab/va/") is None
    assert reason("/find-rehab/virginia/") is None  # the page redirects to /find-rehab/va/
    assert reason("/find-rehab/va/charlottesville/") is None


def test_links_to_missing_or_hidden_listings_and_empty_places_are_broken():
    FacilityFactory(slug="closed-door", hidden_by_editor=True, hidden_reason="Closed.")
    assert reason("/facilities/no-such-program/") == "there is no such listing."
    assert reason("/facilities/closed-door/").startswith("that listing is no longer shown")
    assert reason("/find-rehab/zz/") == "there is no such state."
    assert reason("/find-rehab/wy/") == "that state has no listings."
    assert reason("/find-rehab/va/nowhere/") == "that city has no listings."
