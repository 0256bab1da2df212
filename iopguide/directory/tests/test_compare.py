"""Compare Centers: two to four programs side by side, differences marked in words."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from iopguide.directory import comparison
from iopguide.directory.code_storage import stored_codes
from iopguide.directory.forms import UnreadableSearch, parse_search
from iopguide.directory.listing_details import record_fact
from iopguide.directory.models import Facility
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.models import Article

URL = reverse("directory:compare")


def compare(client, *facilities, **params):
    return client.get(URL, {"ids": ",".join(f.slug for f in facilities), **params})


def row(html: str, label: str) -> str:
    """The <tr> of the comparison row whose header starts with `label`."""
    match = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{re.escape(label)}.*?</tr>", html, re.S)
    assert match, f"no row {label!r}"
    return match.group(0)


def test_ids_are_read_from_commas_and_repeated_parameters_in_order_without_repeats():
    params = QueryDict("ids=b,a&ids=c&ids=a&ids=,")
    assert list(parse_search(params.urlencode()).compare) == ["b", "a", "c"]


def test_more_than_four_ids_are_refused():
    with pytest.raises(UnreadableSearch):
        parse_search("ids=a,b,c,d,e")


@pytest.mark.django_db
def test_two_programs_side_by_side_with_yes_and_no_in_words(client):
    first = FacilityFactory(name="Cedar IOP", service_codes=stored_codes("OIT", "CBT", "MD"))
    second = FacilityFactory(name="Maple IOP", service_codes=stored_codes("OIT", "MD"))
    response = compare(client, first, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cedar IOP" in html and "Maple IOP" in html
    cbt = row(html, "Cognitive behavioral therapy (CBT)")
    assert "<td>Yes</td>" in cbt and "<td>No</td>" in cbt


@pytest.mark.django_db
def test_four_programs_are_compared(client):
    facilities = FacilityFactory.create_batch(4)
    html = compare(client, *facilities).content.decode()
    assert html.count('<th scope="col" class="compare__center">') == 4


@pytest.mark.django_db
def test_five_programs_get_a_400_page_that_says_why(client):
    facilities = FacilityFactory.create_batch(5)
    response = compare(client, *facilities)
    assert response.status_code == 400
    assert "You picked 5 programs. You can compare up to 4" in response.content.decode()


@pytest.mark.django_db
def test_repeated_ids_from_the_checkbox_form_are_accepted(client):
    first, second = FacilityFactory.create_batch(2)
    response = client.get(URL, {"ids": [first.slug, second.slug], "near": "22903"})
    assert response.status_code == 200
    assert first.name in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "gone_because",
    [{"is_active": False}, {"hidden_by_editor": True, "hidden_reason": "Closed."}],
    ids=["dropped by its source", "hidden by an editor"],
)
def test_an_unknown_or_inactive_program_shows_as_no_longer_listed_in_its_column(
    client, gone_because
):
    listed = FacilityFactory(name="Still Here")
    gone = FacilityFactory(name="Closed Center", **gone_because)
    response = client.get(URL, {"ids": f"{listed.slug},{gone.slug},no-such-program"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("No longer listed") == 2
    assert "Closed Center" in html
    assert "<td>Not listed</td>" in row(html, "Family counseling")


@pytest.mark.django_db
def test_rows_that_differ_say_differs_and_rows_that_match_do_not(client):
    first = FacilityFactory(service_codes=stored_codes("OIT", "FCO", "MD"))
    second = FacilityFactory(service_codes=stored_codes("OIT", "MD"))
    html = compare(client, first, second).content.decode()
    assert "Differs" in row(html, "Family counseling")
    assert 'class="differs"' in row(html, "Family counseling")
    assert "Differs" not in row(html, "Intensive outpatient (IOP)")
    assert "Differs" not in row(html, "Payment accepted")


@pytest.mark.django_db
def test_a_column_no_longer_listed_does_not_make_rows_differ(client):
    listed = FacilityFactory()
    gone = FacilityFactory(is_active=False, service_codes="")
    html = compare(client, listed, gone).content.decode()
    assert "Differs" not in html.split("</thead>")[1].split("</table>")[0]


@pytest.mark.django_db
def test_only_differences_hides_matching_rows_and_links_back(client):
    first = FacilityFactory(service_codes=stored_codes("OIT", "FCO"))
    second = FacilityFactory(service_codes=stored_codes("OIT"))
    html = compare(client, first, second, diff="1").content.decode()
    assert "Family counseling" in html
    assert "Intensive outpatient (IOP)</th>" not in html
    assert "Show all rows" in html
    all_rows = compare(client, first, second).content.decode()
    assert "diff=1" in all_rows and "Show only the differences" in all_rows


@pytest.mark.django_db
def test_each_iop_detail_shows_its_confirmation_date_or_says_it_is_not_confirmed(client):
    first, second, third = FacilityFactory.create_batch(3)
    record_fact(first, "evening_track", True, source="phone_check", confirmed_on=date(2026, 11, 3))
    long_ago = timezone.localdate() - timedelta(days=400)
    record_fact(second, "evening_track", True, source="program", confirmed_on=long_ago)

    evening = row(compare(client, first, second, third).content.decode(), "Evening groups")

    assert "<td>Yes (confirmed November 3, 2026)</td>" in evening
    assert "<td>Not confirmed recently (last: yes, " in evening
    assert "<td>Not confirmed yet</td>" in evening


@pytest.mark.django_db
def test_a_distance_row_appears_when_a_place_was_searched(client):
    first = FacilityFactory(
        latitude=38.1, longitude=-78.5, location_precision=Facility.LocationPrecision.SOURCE
    )
    second = FacilityFactory()  # placed at the center of the ZIP searched
    html = compare(client, first, second, near="22903").content.decode()
    distance = row(html, "Distance from Charlottesville, VA 22903")
    assert "4.6 miles" in distance and "In ZIP 22903, the ZIP you searched" in distance
    assert "Distance from" not in compare(client, first, second).content.decode()


@pytest.mark.django_db
def test_where_each_listing_comes_from_is_shown_with_a_check_date_only_when_there_is_one(client):
    first = FacilityFactory(findtreatment_checked_on=timezone.datetime(2026, 3, 5).date())
    second = FacilityFactory()
    provenance = row(compare(client, first, second).content.decode(), "Where the listing comes")
    assert "FindTreatment.gov, checked March 5, 2026" in provenance
    assert provenance.count("2023 national directory") == 2


@pytest.mark.django_db
def test_share_link_is_absolute_and_remove_links_drop_one_program(client):
    first, second, third = FacilityFactory.create_batch(3)
    html = compare(client, first, second, third).content.decode()
    assert (
        f'value="{settings.SITE_URL}{URL}?ids={first.slug}%2C{second.slug}%2C{third.slug}"' in html
    )
    assert f'href="{URL}?ids={second.slug}%2C{third.slug}"' in html


@pytest.mark.django_db
def test_one_program_asks_for_another(client):
    response = compare(client, FacilityFactory())
    assert "Add at least one more program to compare" in response.content.decode()


@pytest.mark.django_db
def test_no_ids_explains_how_to_choose_programs(client):
    html = client.get(URL).content.decode()
    assert "Choose two to four programs" in html
    assert '<meta name="robots" content="noindex">' not in html


@pytest.mark.django_db
def test_questions_come_from_the_published_choosing_article(client):
    Article.objects.create(
        title="How to choose",
        slug="how-to-choose",
        summary="s",
        section="Choosing",
        body="## Make the call\n\n### Questions to ask when you call\n\n"
        "1. Do you take **my** insurance?\n2. See [our guide](/guide/x/) first?\n\n"
        "Closing words.\n\n3. Not a question\n",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    first, second = FacilityFactory.create_batch(2)
    html = compare(client, first, second).content.decode()
    assert "<li>Do you take my insurance?</li>" in html
    assert "<li>See our guide first?</li>" in html
    assert "Not a question" not in html


@pytest.mark.django_db
def test_questions_fall_back_to_our_own_when_the_article_is_missing(client):
    first, second = FacilityFactory.create_batch(2)
    html = compare(client, first, second).content.decode()
    assert f"<li>{comparison.FALLBACK_QUESTIONS[-1]}</li>" in html


def test_the_questions_in_content_how_to_choose_are_found():
    body = (settings.CONTENT_DIR / "how-to-choose.md").read_text()
    questions = comparison.numbered_list_after_heading(body)
    assert len(questions) >= 10
    assert questions[-1] == "How soon can I start?"


@pytest.mark.django_db
def test_script_in_ids_or_near_is_escaped(client):
    facility = FacilityFactory()
    attack = "<script>alert(1)</script>"
    response = client.get(URL, {"ids": f"{facility.slug},{attack}", "near": attack})
    assert response.status_code == 200
    assert attack not in response.content.decode()


@pytest.mark.django_db
def test_the_compare_page_runs_at_most_6_queries(client, django_assert_max_num_queries):
    facilities = FacilityFactory.create_batch(4)
    with django_assert_max_num_queries(6):
        response = compare(client, *facilities, near="22903")
    assert response.status_code == 200


@pytest.mark.django_db
def test_add_another_program_goes_back_to_find_rehab_with_the_selection(client):
    first, second = FacilityFactory.create_batch(2)
    html = compare(client, first, second, near="22903").content.decode()
    find = reverse("directory:find_rehab")
    assert (
        f'href="{find}?near=22903&amp;ids={first.slug}%2C{second.slug}">Add another program' in html
    )


@pytest.mark.django_db
def test_an_id_longer_than_any_slug_is_a_no_longer_listed_column(client):
    facility = FacilityFactory()
    response = client.get(URL, {"ids": f"{facility.slug},{'x' * 300}"})
    assert response.status_code == 200
    assert "No longer listed" in response.content.decode()


@pytest.mark.django_db
def test_a_hugely_repeated_or_over_long_address_gets_a_400_page(client):
    for query_string in ["&".join(["ids=a"] * 1200), "ids=" + "a" * 5000]:
        response = client.get(f"{URL}?{query_string}")
        assert response.status_code == 400
        assert "too long to read" in response.content.decode()
