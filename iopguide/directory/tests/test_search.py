"""Find Rehab's search services: locating places, reading filters, distance and filtering."""

import math
from datetime import timedelta

import pytest
import zipcodes
from django.utils import timezone

from iopguide.directory import filters, forms, places, search
from iopguide.directory.code_storage import stored_codes
from iopguide.directory.listing_details import record_fact
from iopguide.directory.models import Facility
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.vocabulary import vocabulary

CHARLOTTESVILLE = (38.0339, -78.4924)  # ZIP 22903's centroid in the zipcodes data


def parse(query_string: str) -> search.FacilitySearch:
    return forms.parse_search(query_string)


def search_near(query_string: str) -> search.Results:
    query = parse(query_string)
    return search.find_facilities(places.locate(query.near).place, query)


def point_at(latitude, longitude, miles, bearing_degrees):
    """The point `miles` away on a bearing (spherical destination formula)."""
    angle = miles / places.EARTH_RADIUS_MILES
    phi, lam, theta = map(math.radians, (latitude, longitude, bearing_degrees))
    phi2 = math.asin(
        math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lam2)


# --- Locating places --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["22903", "22903-1234", "229031234", " 22903 "])
def test_a_zip_or_zip_plus_4_is_located_at_its_centroid(text):
    place = places.locate(text).place
    assert place.kind == "zip"
    assert place.state == "VA"
    assert (place.latitude, place.longitude) == CHARLOTTESVILLE
    assert place.label == "Charlottesville, VA 22903"


def test_an_unknown_zip_says_so_and_guesses_the_state_from_its_first_digits():
    located = places.locate("22999")
    assert located.place is None
    assert "22999" in located.problem
    assert located.state == "VA"


@pytest.mark.parametrize(
    "text",
    [
        "Charlottesville, VA",
        "charlottesville, va",
        "Charlottesville VA",
        "Charlottesville, Virginia",
        "CHARLOTTESVILLE VIRGINIA",
    ],
)
def test_a_city_and_state_is_located_in_any_common_spelling(text):
    place = places.locate(text).place
    assert place.kind == "city"
    assert place.label == "Charlottesville, VA"
    assert abs(place.latitude - 38.03) < 0.2
    assert abs(place.longitude - -78.49) < 0.2


def test_saint_and_st_are_the_same_city():
    assert places.locate("St. Louis, MO").place.label == places.locate("Saint Louis MO").place.label


def test_a_state_with_more_than_one_word_is_read_from_the_end_of_a_city_without_a_comma():
    place = places.locate("Buffalo New York").place
    assert (place.label, place.state) == ("Buffalo, NY", "NY")


@pytest.mark.parametrize("text", ["Virginia", "virginia", "VA", "va"])
def test_a_state_name_or_abbreviation_is_a_state_wide_search(text):
    place = places.locate(text).place
    assert (place.kind, place.state, place.label) == ("state", "VA", "Virginia")
    assert not place.has_point


def test_a_misspelled_city_gets_close_spellings_from_that_state_and_the_state():
    located = places.locate("Charlotesville, VA")
    assert located.place is None
    assert located.suggestions[0] == "Charlottesville, VA"
    assert all(suggestion.endswith(", VA") for suggestion in located.suggestions)
    assert located.state == "VA"


def test_a_city_in_several_states_asks_which_one():
    located = places.locate("Springfield")
    assert located.place is None
    assert "Springfield, IL" in located.suggestions
    assert "Springfield, MO" in located.suggestions


def test_a_city_in_only_one_state_needs_no_state():
    assert places.locate("Albuquerque").place.label == "Albuquerque, NM"


def test_a_misspelled_state_is_suggested():
    located = places.locate("Virgina")
    assert located.place is None
    assert located.suggestions == ["Virginia"]


def test_nonsense_gets_a_plain_problem_and_no_place():
    located = places.locate("<script>alert(1)</script>")
    assert located.place is None
    assert "ZIP code" in located.problem


# --- Distance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [((38.03, -78.49), (37.54, -77.43)), ((47.6, -122.3), (25.8, -80.2)), ((0, 0), (0, 1))],
)
def test_haversine_agrees_with_the_zipcodes_packages_own_formula(start, end):
    ours = places.haversine_miles(*start, *end)
    theirs = zipcodes.haversine(start[1], start[0], end[1], end[0])
    assert ours == pytest.approx(theirs, rel=2e-3)


@pytest.mark.parametrize("latitude", [18.4, 38.0, 61.2])
@pytest.mark.parametrize("miles", [5, 25, 100])
def test_the_bounding_box_holds_every_point_on_the_circle(latitude, miles):
    south, north, west, east = places.bounding_box(latitude, -78.5, miles)
    for bearing in range(0, 360, 3):
        lat, lon = point_at(latitude, -78.5, miles * 0.9999, bearing)
        assert south <= lat <= north
        assert west <= lon <= east


# --- Reading the query string -----------------------------------------------------------------


def test_a_bare_link_searches_intensive_outpatient_within_25_miles():
    query = parse("near=22903")
    assert query.radius == 25
    assert query.codes["setting"] == ("OIT",)
    assert query.notes == []
    assert not query.has_filters


def test_the_form_with_no_type_of_program_ticked_searches_every_type():
    query = parse("near=22903&setting=")
    assert query.codes["setting"] == ()
    assert query.has_filters


def test_codes_are_read_from_repeated_parameters_and_commas_in_any_case():
    query = parse("pay=MD&pay=pi,ss&pay=MD&approach=cbt")
    assert query.codes["pay"] == ("MD", "PI", "SS")
    assert query.codes["approach"] == ("CBT",)


def test_unknown_codes_are_ignored_with_a_note_naming_them():
    query = parse("pay=MD&pay=BITCOIN&group=XX")
    assert query.codes["pay"] == ("MD",)
    assert query.codes["group"] == ()
    assert any("BITCOIN" in note and "Payment" in note for note in query.notes)
    assert any("XX" in note for note in query.notes)


@pytest.mark.parametrize("radius", ["7", "-5", "25.5", "lots", "1e9"])
def test_a_radius_we_do_not_offer_falls_back_to_25_with_a_note(radius):
    query = parse(f"radius={radius}")
    assert query.radius == 25
    assert len(query.notes) == 1


@pytest.mark.parametrize("radius", search.RADIUS_CHOICES)
def test_each_offered_radius_is_accepted(radius):
    assert parse(f"radius={radius}").radius == radius


def test_editor_filters_turn_on_with_1_and_note_other_values():
    query = parse("evening=1&weekend=on&telehealth=maybe")
    assert query.flags == ("evening", "weekend")
    assert any("maybe" in note for note in query.notes)


def test_an_over_long_place_is_cut_with_a_note():
    query = parse("near=" + "a" * 500)
    assert len(query.near) == forms.MAX_NEAR_LENGTH
    assert query.notes


def test_notes_repeat_only_a_short_piece_of_a_long_bad_value():
    query = parse("pay=" + "Q" * 300)
    assert "Q" * (forms.NOTE_VALUE_LENGTH + 1) not in query.notes[0]


def test_a_parameter_repeated_too_often_is_refused():
    with pytest.raises(forms.TooManyParameters):
        parse("&".join(["pay=MD"] * (forms.MAX_VALUES_PER_PARAMETER + 1)))


def test_an_over_long_query_string_is_refused():
    with pytest.raises(forms.TooManyParameters):
        parse("near=22903&x=" + "y" * forms.MAX_QUERY_STRING_LENGTH)


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5"])
def test_a_bad_page_number_shows_the_first_page_with_a_note(page):
    query = parse(f"page={page}")
    assert query.page == 1
    assert query.notes


def test_a_bad_sort_falls_back_to_distance_with_a_note():
    query = parse("sort=price")
    assert query.sort == "distance"
    assert query.notes


def test_url_query_round_trips_the_search():
    query = parse("near=22903&radius=50&setting=&setting=ODT&pay=MD&evening=1&sort=name")
    again = parse(query.url_query(page=2))
    assert (again.near, again.radius, again.sort, again.page) == ("22903", 50, "name", 2)
    assert again.codes == query.codes
    assert again.flags == query.flags


# --- Finding facilities -----------------------------------------------------------------------


@pytest.mark.django_db
def test_results_are_ordered_by_distance_checked_against_an_independent_haversine():
    for bearing, miles in [(10, 20), (100, 3), (200, 12), (300, 0.5), (45, 24)]:
        latitude, longitude = point_at(*CHARLOTTESVILLE, miles, bearing)
        FacilityFactory(name=f"{miles} miles out", latitude=latitude, longitude=longitude)
    results = search_near("near=22903").results
    distances = [result.distance for result in results]
    assert distances == sorted(distances)
    for result in results:
        expected = zipcodes.haversine(
            CHARLOTTESVILLE[1],
            CHARLOTTESVILLE[0],
            result.facility.longitude,
            result.facility.latitude,
        )
        assert result.distance == pytest.approx(expected, rel=2e-3)
    assert results[0].facility.name == "0.5 miles out"


@pytest.mark.django_db
def test_facilities_just_outside_the_radius_are_left_out_even_inside_the_box():
    inside = FacilityFactory(
        latitude=point_at(*CHARLOTTESVILLE, 24.9, 90)[0],
        longitude=point_at(*CHARLOTTESVILLE, 24.9, 90)[1],
    )
    corner = point_at(*CHARLOTTESVILLE, 30, 45)  # inside the 25-mile box's corner, 30 miles away
    FacilityFactory(latitude=corner[0], longitude=corner[1])
    results = search_near("near=22903")
    assert [result.facility for result in results.results] == [inside]
    assert results.total == 1


@pytest.mark.django_db
def test_inactive_facilities_and_facilities_without_coordinates_are_not_found_nearby():
    FacilityFactory(is_active=False)
    FacilityFactory(latitude=None, longitude=None)
    assert search_near("near=22903").total == 0


@pytest.mark.django_db
def test_a_state_search_lists_the_states_facilities_by_name_without_distances():
    FacilityFactory(name="Zeta", latitude=None, longitude=None)
    FacilityFactory(name="Alpha", latitude=36.85, longitude=-75.98)
    FacilityFactory(name="Elsewhere", state="MD")
    results = search_near("near=Virginia")
    assert [r.facility.name for r in results.results] == ["Alpha", "Zeta"]
    assert all(r.distance is None for r in results.results)


@pytest.mark.django_db
def test_sort_by_name_orders_nearby_results_alphabetically():
    for name in ["Cedar House", "acorn center", "Birch Clinic"]:
        FacilityFactory(name=name)
    names = [r.facility.name for r in search_near("near=22903&sort=name").results]
    assert names == ["acorn center", "Birch Clinic", "Cedar House"]


@pytest.mark.django_db
def test_results_come_20_a_page_with_the_total():
    FacilityFactory.create_batch(45)
    first, third = search_near("near=22903"), search_near("near=22903&page=3")
    assert (len(first.results), first.total) == (20, 45)
    assert len(third.results) == 5
    assert not {r.facility.pk for r in first.results} & {r.facility.pk for r in third.results}


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_page():
    FacilityFactory.create_batch(3)
    assert search_near("near=22903&page=99").page.number == 1


FILTER_CASES = [
    # (query, codes of the facility that must match, codes of one that must not)
    ("setting=ODT", ("ODT",), ("OIT",)),
    ("setting=OIT&setting=ODT", ("ODT",), ("ORT",)),
    ("pay=MD&pay=SS", ("OIT", "SS"), ("OIT", "PI")),
    ("group=VET", ("OIT", "VET"), ("OIT", "WN")),
    ("lang=SP", ("OIT", "SP"), ("OIT", "AH")),
    ("age=YAD", ("OIT", "YAD"), ("OIT", "ADLT")),
    ("approach=CBT&approach=TRC", ("OIT", "CBT", "TRC"), ("OIT", "CBT")),
    ("mat=BU", ("OIT", "BU"), ("OIT", "NU")),
    ("setting=OIT", ("OIT",), ("SOIT",)),  # codes match whole, never as part of another code
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "matching", "other"), FILTER_CASES)
def test_each_code_filter_keeps_only_matching_facilities(query, matching, other):
    wanted = FacilityFactory(name="wanted", service_codes=stored_codes(*matching))
    FacilityFactory(name="other", service_codes=stored_codes(*other))
    assert [r.facility for r in search_near(f"near=22903&{query}").results] == [wanted]


@pytest.mark.django_db
@pytest.mark.parametrize(("param", "field"), [(f.param, f.field) for f in filters.EDITOR_FILTERS])
def test_each_editor_filter_puts_confirmed_programs_first_and_drops_only_a_recent_no(param, field):
    recent = timezone.localdate()
    long_ago = recent - timedelta(days=400)
    confirmed = {"name": "A confirmed"} | {field: True}
    FacilityFactory(name="B unknown")
    FacilityFactory(name="C old yes", **{field: True})
    FacilityFactory(name="D recent no", **{field: False})
    FacilityFactory(name="E old no", **{field: False})
    for facility, value, day in [
        (FacilityFactory(**confirmed), True, recent),
        (Facility.objects.get(name="C old yes"), True, long_ago),
        (Facility.objects.get(name="D recent no"), False, recent),
        (Facility.objects.get(name="E old no"), False, long_ago),
    ]:
        record_fact(facility, field, value, source="phone_check", confirmed_on=day)

    results = search_near(f"near=22903&{param}=1&sort=name")

    assert [(r.facility.name, r.confirmed) for r in results.results] == [
        ("A confirmed", True),
        ("B unknown", False),
        ("C old yes", False),
        ("E old no", False),
    ]
    assert results.confirmed_total == 1


@pytest.mark.django_db
@pytest.mark.parametrize("near", ["22903", "Virginia"])
def test_a_results_page_takes_two_queries_however_many_results(near, django_assert_num_queries):
    vocabulary()  # the code sheet's labels are cached; a cold cache adds its own queries
    FacilityFactory.create_batch(
        30, evening_track=True, service_codes=stored_codes("OIT", "MD", "CBT")
    )
    query = parse(f"near={near}&pay=MD&pay=PI&approach=CBT&evening=1")
    place = places.locate(near).place
    with django_assert_num_queries(2):
        results = search.find_facilities(place, query)
        assert [r.facility.name for r in results.results]  # rows are fetched inside the count
    assert results.total == 30
