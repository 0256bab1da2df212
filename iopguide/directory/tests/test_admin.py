"""Directory admin: finding listings, editing editor fields, and the problem-report queue."""

import pytest
from django.urls import reverse

from iopguide.directory.models import ProblemReport
from iopguide.directory.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["", "?q=Richmond+IOP", "?setting=OIT", "?setting=DETOX", "?state=VA", "?is_active__exact=0"],
)
def test_facility_changelist_searches_and_filters(admin_client, query):
    iop = FacilityFactory(name="Richmond IOP", service_codes=" SA OIT ")
    FacilityFactory(name="Detox Unit", service_codes=" SA RD ", is_active=False)

    response = admin_client.get(reverse("admin:directory_facility_changelist") + query)

    assert response.status_code == 200
    names = {facility.name for facility in response.context["cl"].result_list}
    expected = {
        "": {"Richmond IOP", "Detox Unit"},
        "?q=Richmond+IOP": {"Richmond IOP"},
        "?setting=OIT": {iop.name},
        "?setting=DETOX": {"Detox Unit"},
        "?state=VA": {"Richmond IOP", "Detox Unit"},
        "?is_active__exact=0": {"Detox Unit"},
    }[query]
    assert names == expected


def test_facility_change_form_groups_the_editor_fields(admin_client):
    facility = FacilityFactory()

    response = admin_client.get(reverse("admin:directory_facility_change", args=[facility.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "IOP details (from a phone call with the program)" in html
    assert 'name="evening_track"' in html and 'name="notes"' in html


def test_resolve_action_closes_open_reports(admin_client):
    report = ProblemReport.objects.create(facility=FacilityFactory(), message="Wrong phone")

    response = admin_client.post(
        reverse("admin:directory_problemreport_changelist"),
        {"action": "resolve", "_selected_action": [report.pk]},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReport.Status.RESOLVED
    assert report.resolved_at is not None


def test_report_queue_filters_open_reports(admin_client):
    facility = FacilityFactory()
    ProblemReport.objects.create(facility=facility, message="Open one")
    ProblemReport.objects.create(facility=facility, message="Done", status="resolved")

    response = admin_client.get(
        reverse("admin:directory_problemreport_changelist") + "?status__exact=open"
    )

    assert [r.message for r in response.context["cl"].result_list] == ["Open one"]
