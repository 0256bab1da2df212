"""Facility pages, the 410 page for retired listings, and the problem-report form."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from iopguide.directory.listing_details import record_fact
from iopguide.directory.models import Facility, ProblemReport, ServiceCode
from iopguide.directory.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def iop():
    return FacilityFactory(
        name="Blue Ridge Recovery Works",
        program_name="Evening IOP",
        street1="100 Main Street",
        street2="Suite 2",
        phone="804-555-0101",
        intake_phone="800-555-HOPE",
        website="https://blue-ridge.example",
        service_codes=" SA OIT ORT MD PI SS CBT MOTI TWFA FCO ACC BU VTRL JC YAD SP TA ZZNEW ",
        slug="blue-ridge-recovery-works-richmond-va",
    )


def test_facility_page_shows_name_setting_address_and_phone_links(client, iop):
    response = client.get(iop.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Blue Ridge Recovery Works</h1>" in html
    assert "Evening IOP" in html
    assert '<ul class="setting-list"><li>Intensive outpatient (IOP)</li>' in html
    assert "100 Main Street, Suite 2" in html
    assert '<a href="tel:+18045550101">804-555-0101</a>' in html
    assert '<a href="tel:+18005554673">800-555-HOPE</a>' in html
    assert '<a href="https://blue-ridge.example" rel="nofollow noopener">' in html


def test_facility_page_groups_services_in_plain_language(client, iop):
    html = client.get(iop.get_absolute_url()).content.decode()

    for heading in [
        "Payment accepted",
        "Help paying",
        "Treatment approaches",
        "Medications for addiction treatment",
        "Aftercare and leaving the program",
        "Licences and accreditation",
        "Languages",
        "Other help, such as transportation",
    ]:
        assert f"<h3>{heading}</h3>" in html, heading
    for label in [
        "Medicaid",
        "Sliding fee scale",
        "Cognitive behavioral therapy (CBT)",
        "Motivational interviewing",
        "12-step facilitation",
        "Family counseling",
        "Aftercare (continuing care)",
        "Monthly naltrexone injection (Vivitrol)",
        "Accredited by The Joint Commission",
        "Young adults (18 to 25)",
        "Spanish",
        "Help with transportation",
    ]:
        assert f"<strong>{label}</strong>" in html, label
    assert "<strong>Service code ZZNEW</strong>" in html


def test_facility_page_reads_plain_names_an_editor_changed(client, iop):
    code = ServiceCode.objects.get(code="TA")
    code.plain_name = "Rides to treatment"
    code.save()

    assert (
        "<strong>Rides to treatment</strong>" in client.get(iop.get_absolute_url()).content.decode()
    )


def test_facility_page_links_directions_compare_and_report(client, iop):
    html = client.get(iop.get_absolute_url()).content.decode()

    assert 'href="https://www.openstreetmap.org/search?query=100+Main+Street' in html
    assert f'href="/compare/?ids={iop.slug}">Add to compare</a>' in html
    report_url = reverse("directory:report_problem", args=[iop.slug])
    assert f'href="{report_url}">Report a problem with this listing</a>' in html
    assert "<iframe" not in html


def test_directions_go_to_the_source_coordinates_when_the_source_gave_them(client):
    facility = FacilityFactory(
        latitude=38.0282, longitude=-78.4725, location_precision=Facility.LocationPrecision.SOURCE
    )

    html = client.get(facility.get_absolute_url()).content.decode()

    assert "https://www.openstreetmap.org/directions?route=%3B38.0282%2C-78.4725" in html


def test_a_national_directory_listing_gives_its_year_and_no_verification_date(client, iop):
    html = client.get(iop.get_absolute_url()).content.decode()

    assert "From SAMHSA&#x27;s 2023 national directory (N-SUMHSS)." in html
    assert "verified" not in html.lower()
    assert "Distances are measured from the center of ZIP code 22903" in html


def test_a_listing_found_by_a_findtreatment_sync_gives_the_day_it_was_checked(client, iop):
    iop.findtreatment_id = "12345"
    iop.findtreatment_checked_on = "2026-03-03"
    iop.location_precision = Facility.LocationPrecision.SOURCE
    iop.save()

    html = client.get(iop.get_absolute_url()).content.decode()

    assert (
        'Also found on FindTreatment.gov <time datetime="2026-03-03">March 3, 2026</time>' in html
    )
    assert "from the address, as FindTreatment.gov locates it" in html


def test_a_findtreatment_listing_says_checked_with_its_date(client):
    facility = FacilityFactory(
        source=Facility.Source.FINDTREATMENT,
        source_dataset="FindTreatment.gov (SAMHSA)",
        findtreatment_checked_on="2026-03-03",
    )

    html = client.get(facility.get_absolute_url()).content.decode()

    assert "From FindTreatment.gov, SAMHSA&#x27;s treatment locator." in html
    assert 'Checked <time datetime="2026-03-03">March 3, 2026</time>' in html


def test_facility_page_gives_each_iop_detail_with_its_source_and_date(
    client, iop, django_capture_on_commit_callbacks
):
    assert "Evening groups (after 5 pm): not confirmed yet." in (
        client.get(iop.get_absolute_url()).content.decode()
    )
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):  # the page cache moves on at commit
        record_fact(iop, "evening_track", True, source="phone_check", confirmed_on=today)
        record_fact(iop, "hours_per_week", 12, source="program", confirmed_on=today)
        iop.notes = "Groups meet Monday, Wednesday and Thursday."
        iop.save()

    html = client.get(iop.get_absolute_url()).content.decode()

    when = dateformat.format(today, "F j, Y")
    assert (
        f"Evening groups (after 5 pm): yes. Confirmed by phone with the program on {when}." in html
    )
    assert (
        f"Hours a week: 12. Sent by the program and confirmed by our editors by phone on {when}"
        in html
    )
    assert "Groups meet Monday, Wednesday and Thursday." in html


def test_facility_page_sets_no_cookie_and_carries_no_form(client, iop):
    response = client.get(iop.get_absolute_url())

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_facility_page_breadcrumb_links_state_and_city_pages(client, iop):
    html = client.get(iop.get_absolute_url()).content.decode()

    assert 'href="/find-rehab/va/">Virginia</a>' in html
    assert 'href="/find-rehab/va/charlottesville/">Charlottesville</a>' in html


def test_facility_page_runs_at_most_seven_queries(client, iop, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert client.get(iop.get_absolute_url()).status_code == 200


def test_unknown_facility_answers_404(client):
    assert client.get("/facilities/no-such-place/").status_code == 404


def test_inactive_facility_answers_410_with_nearby_active_programs(client, iop):
    near = FacilityFactory(name="Nearby IOP", latitude=38.04, longitude=-78.50)
    far = FacilityFactory(name="Far Away Program", latitude=36.6, longitude=-82.2)
    FacilityFactory(name="Also Closed", latitude=38.03, longitude=-78.49, is_active=False)
    iop.is_active = False
    iop.save()

    response = client.get(iop.get_absolute_url())

    assert response.status_code == 410
    html = response.content.decode()
    assert "is no longer listed" in html
    assert near.get_absolute_url() in html
    assert far.get_absolute_url() not in html
    assert "Also Closed" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_report_form_stores_a_report_for_editors():
    facility = FacilityFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("directory:report_problem", args=[facility.slug])
    page = client.get(url)
    token = page.cookies["csrftoken"].value

    response = client.post(
        url,
        {"message": "The intake number is disconnected.", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert (report.facility, report.status) == (facility, ProblemReport.Status.OPEN)
    assert report.message == "The intake number is disconnected."
    assert report.created_at is not None
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_report_form_refuses_a_post_without_a_csrf_token():
    facility = FacilityFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("directory:report_problem", args=[facility.slug]), {"message": "Wrong phone."}
    )

    assert response.status_code == 403
    assert not ProblemReport.objects.exists()


def test_report_form_shows_errors_for_an_empty_message(client):
    facility = FacilityFactory()

    response = client.post(reverse("directory:report_problem", args=[facility.slug]), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_report_form_is_rate_limited_per_address(client):
    facility = FacilityFactory()
    url = reverse("directory:report_problem", args=[facility.slug])
    for number in range(5):
        assert client.post(url, {"message": f"Report {number}"}).status_code == 302

    response = client.post(url, {"message": "One too many"})

    assert response.status_code == 429
    assert ProblemReport.objects.count() == 5


def test_a_listing_hidden_by_an_editor_answers_410_and_leaves_find_rehab(
    client, iop, django_capture_on_commit_callbacks
):
    search = f"/find-rehab/?near={iop.zip_code}"
    assert iop.get_absolute_url() in client.get(search).content.decode()  # and cached

    iop.hidden_by_editor, iop.hidden_reason = True, "Program closed."
    with django_capture_on_commit_callbacks(execute=True):
        iop.save()

    assert client.get(iop.get_absolute_url()).status_code == 410
    assert iop.get_absolute_url() not in client.get(search).content.decode()


def test_hiding_a_listing_needs_a_reason_for_other_editors(iop):
    iop.hidden_by_editor = True
    with pytest.raises(ValidationError) as error:
        iop.full_clean()
    assert "hidden_reason" in error.value.message_dict
