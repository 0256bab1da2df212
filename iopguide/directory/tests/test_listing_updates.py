"""Verified IOP details: a program's update goes to a queue, an editor confirms it by calling the
listed number, and readers see each detail with its source and date, and its change logged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from iopguide.directory import demand
from iopguide.directory.listing_details import record_fact, shown_details
from iopguide.directory.models import Facility, ListingFact, ProblemReport, ProgramUpdate
from iopguide.directory.moderation import decide
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.work import due_rechecks

pytestmark = pytest.mark.django_db

STAFF = {
    "submitter_name": "Dana Reyes",
    "submitter_role": "Intake coordinator",
    "submitter_email": "dana@program.example.org",
}


def update_url(facility) -> str:
    return reverse("directory:update_listing", args=[facility.slug])


def directory_editor() -> User:
    user = User.objects.create_user("dir-editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Directory editor"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def in_words(day) -> str:
    return dateformat.format(day, "F j, Y")


@pytest.fixture
def facility():
    return FacilityFactory(name="Blue Ridge IOP")


def test_a_program_update_waits_for_an_editor_and_changes_nothing_public(client, facility):
    response = client.post(
        update_url(facility), {"evening_track": "yes", "hours_per_week": "12", **STAFF}
    )

    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    update = ProgramUpdate.objects.get()
    assert update.proposed == {"evening_track": "yes", "hours_per_week": 12}
    assert update.status == ProgramUpdate.Status.PENDING
    facility.refresh_from_db()
    assert facility.evening_track is None and not ListingFact.objects.exists()


def test_the_whole_path_from_submission_to_the_public_page_and_change_log(client, facility):
    client.post(update_url(facility), {"evening_track": "yes", "hours_per_week": "12", **STAFF})
    update = ProgramUpdate.objects.get()
    called_on = timezone.localdate() - timedelta(days=1)

    decide(
        update,
        approved=["evening_track"],
        call_outcome=ProgramUpdate.CallOutcome.DIFFERENT,
        called_on=called_on,
        reason="They run 9 hours a week, not 12.",
        by=directory_editor(),
    )

    update.refresh_from_db()
    assert update.status == ProgramUpdate.Status.PARTLY
    html = client.get(facility.get_absolute_url()).content.decode()
    assert (
        f"Evening groups (after 5 pm): yes. Sent by the program and confirmed by our editors by "
        f"phone on {in_words(called_on)}." in html
    )
    assert "Hours a week: not confirmed yet." in html
    assert "What changed and when" in html and "Evening groups (after 5 pm)</td><td>yes" in html
    changes = client.get(reverse("directory:changes")).content.decode()
    assert "Blue Ridge IOP" in changes and "Dana" not in changes


def test_approving_needs_a_call_that_reached_the_program(facility):
    update = ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})

    with pytest.raises(ValidationError, match="record the call"):
        decide(
            update,
            approved=["weekend_track"],
            call_outcome=ProgramUpdate.CallOutcome.NO_ANSWER,
            called_on=timezone.localdate(),
            reason="",
            by=directory_editor(),
        )

    assert not ListingFact.objects.exists()


def test_rejecting_needs_a_reason(facility):
    update = ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})

    with pytest.raises(ValidationError, match="Say why"):
        decide(
            update, approved=[], call_outcome="", called_on=None, reason=" ", by=directory_editor()
        )


def test_a_writer_cannot_approve_a_program_update(facility):
    writer = User.objects.create_user("writer", password="x", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writer"))
    update = ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})

    with pytest.raises(PermissionDenied):
        decide(
            update,
            approved=["weekend_track"],
            call_outcome=ProgramUpdate.CallOutcome.CONFIRMED,
            called_on=timezone.localdate(),
            reason="",
            by=User.objects.get(pk=writer.pk),
        )


def test_the_admin_decision_form_refuses_a_writer_and_anonymous_readers(client, facility):
    update = ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})
    url = reverse("admin:directory_programupdate_change", args=[update.pk])
    writer = User.objects.create_user("writer", password="x", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writer"))

    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(writer)
    assert client.post(url, {"approve": ["weekend_track"]}).status_code == 403
    assert not ListingFact.objects.exists()


def test_a_directory_editor_approves_in_the_admin_field_by_field(client, facility):
    update = ProgramUpdate.objects.create(
        facility=facility, proposed={"weekend_track": "yes", "typical_wait": "about a week"}
    )
    client.force_login(directory_editor())
    url = reverse("admin:directory_programupdate_change", args=[update.pk])
    assert "Call one of these numbers" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "call_outcome": "confirmed",
            "called_on": timezone.localdate().isoformat(),
            "approve": ["weekend_track", "typical_wait"],
            "decision_reason": "",
        },
    )

    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.weekend_track is True and facility.typical_wait == "about a week"
    assert facility.weekend_confirmed_on == timezone.localdate()
    assert ProgramUpdate.objects.get().status == ProgramUpdate.Status.APPROVED


def test_the_admin_shows_the_missing_call_instead_of_saving(client, facility):
    update = ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})
    client.force_login(directory_editor())

    response = client.post(
        reverse("admin:directory_programupdate_change", args=[update.pk]),
        {"call_outcome": "", "called_on": "", "approve": ["weekend_track"]},
    )

    assert response.status_code == 200
    assert "record the call before approving" in response.content.decode()
    assert ProgramUpdate.objects.get().status == ProgramUpdate.Status.PENDING


def change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged (fields and inline management)."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
    return data


def test_an_editor_changing_a_detail_gives_the_day_of_the_call(client, facility):
    client.force_login(User.objects.create_superuser("boss", password="x"))
    url = reverse("admin:directory_facility_change", args=[facility.pk])
    data = change_form_data(client.get(url)) | {"evening_track": "true"}

    missing_date = client.post(url, data)
    assert "Give the day you called the program" in missing_date.content.decode()

    assert client.post(url, data | {"confirmed_by_phone_on": "2026-11-30"}).status_code == 302
    fact = ListingFact.objects.get()
    assert (fact.detail, fact.value, fact.source) == ("evening_track", "yes", "phone_check")
    assert str(fact.confirmed_on) == "2026-11-30"
    assert fact.recorded_by.username == "boss"


@pytest.mark.parametrize(
    ("field", "value", "days_old", "fresh"),
    [
        ("accepting_new_patients", True, 30, True),
        ("accepting_new_patients", True, 31, False),
        ("evening_track", True, 180, True),
        ("evening_track", True, 181, False),
    ],
)
def test_details_expire_after_their_limit_with_a_controlled_clock(
    facility, field, value, days_old, fresh
):
    today = timezone.datetime(2026, 12, 1).date()
    record_fact(
        facility, field, value, source="phone_check", confirmed_on=today - timedelta(days=days_old)
    )

    shown = {detail.label: detail for detail in shown_details(facility, today=today)}
    detail = next(d for d in shown.values() if d.fact is not None)

    assert detail.fresh is fresh
    assert ("not confirmed recently" in detail.sentence) is not fresh


def test_a_stale_detail_reads_not_confirmed_recently_on_the_page(client, facility):
    long_ago = timezone.localdate() - timedelta(days=45)
    record_fact(
        facility, "accepting_new_patients", True, source="phone_check", confirmed_on=long_ago
    )

    html = client.get(facility.get_absolute_url()).content.decode()

    assert "Taking new patients: not confirmed recently (last: yes" in html
    assert "Taking new patients: yes." not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"evening_track": "yes"}, "This field is required"),
        ({**STAFF}, "Fill in at least one detail or correction"),
        ({**STAFF, "corrections": "Visit http://spam.example now"}, "leave out web addresses"),
        ({**STAFF, "program_length": "x" * 101}, "at most 100 characters"),
        ({**STAFF, "hours_per_week": "400"}, "less than or equal to 40"),
        ({**STAFF, "evening_track": "maybe"}, "Select a valid choice"),
    ],
)
def test_bad_submissions_are_re_shown_with_a_message_and_saved_nowhere(
    client, facility, data, message
):
    response = client.post(update_url(facility), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgramUpdate.objects.exists()


def test_a_script_in_a_submission_is_never_rendered_as_markup(client, facility):
    client.post(
        update_url(facility), {**STAFF, "corrections": "<script>alert(1)</script> phone is wrong"}
    )
    client.force_login(User.objects.create_superuser("boss", password="x"))

    html = client.get(
        reverse("admin:directory_programupdate_change", args=[ProgramUpdate.objects.get().pk])
    ).content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_the_honeypot_answers_as_if_sent_and_keeps_nothing(client, facility):
    response = client.post(
        update_url(facility), {**STAFF, "evening_track": "yes", "fax_number": "1"}
    )

    assert response.status_code == 302 and not ProgramUpdate.objects.exists()


def test_repeated_posts_from_one_address_are_limited(client, facility):
    for _ in range(5):
        client.post(update_url(facility), {**STAFF, "evening_track": "yes"})

    response = client.post(update_url(facility), {**STAFF, "evening_track": "yes"})

    assert response.status_code == 429 and ProgramUpdate.objects.count() == 5


def test_the_form_works_without_an_account_and_is_not_indexed(client, facility):
    html = client.get(update_url(facility)).content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert 'name="fax_number"' in html and 'tabindex="-1"' in html
    assert "at the phone number already listed" in html


def test_a_resolved_problem_report_appears_in_the_change_log_without_the_reporter(client, facility):
    ProblemReport.objects.create(
        facility=facility,
        message="Phone is wrong",
        contact="reader@example.org",
        status="resolved",
        resolved_at=timezone.now(),
        public_note="Phone number corrected.",
    )

    html = client.get(reverse("directory:changes")).content.decode()

    assert "Phone number corrected." in html and "reader@example.org" not in html


def test_the_recheck_queue_puts_the_most_used_listings_first(facility):
    quiet = FacilityFactory(name="Quiet IOP")
    stale = timezone.localdate() - timedelta(days=200)
    record_fact(quiet, "evening_track", True, source="phone_check", confirmed_on=stale)
    record_fact(facility, "evening_track", True, source="phone_check", confirmed_on=stale)
    never_checked = FacilityFactory(name="Never Checked IOP")
    FacilityFactory(name="Unused IOP")
    demand.count_open(facility.slug)
    demand.count_open(facility.slug)
    demand.count_appearances([never_checked.pk, quiet.pk])

    queue = [listing.name for listing in due_rechecks()]

    assert queue == ["Blue Ridge IOP", "Never Checked IOP", "Quiet IOP"]


def test_opening_a_listing_counts_demand_even_from_the_page_cache(client, facility):
    demand.flush()
    client.get(facility.get_absolute_url())
    client.get(facility.get_absolute_url())

    demand.flush()

    assert Facility.objects.get(pk=facility.pk).demand.opens == 2


def test_opening_a_listing_in_spanish_counts_demand_too(client, facility):
    demand.flush()
    with translation.override("es"):
        spanish_url = facility.get_absolute_url()
    client.get(spanish_url)
    client.get(reverse("directory:changes"))

    demand.flush()

    assert spanish_url.startswith("/es/")
    assert Facility.objects.get(pk=facility.pk).demand.opens == 1


def test_a_failed_write_of_the_counts_neither_fails_the_page_nor_loses_them(
    client, facility, monkeypatch
):
    demand.flush()
    write = demand._write

    def database_locked(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(demand, "FLUSH_SECONDS", 0)  # every count tries to write
    monkeypatch.setattr(demand, "_write", database_locked)
    response = client.get(facility.get_absolute_url())
    monkeypatch.setattr(demand, "_write", write)

    demand.flush()

    assert response.status_code == 200
    assert Facility.objects.get(pk=facility.pk).demand.opens == 1


def test_the_admin_start_page_says_what_needs_doing(client, facility):
    ProgramUpdate.objects.create(facility=facility, proposed={"weekend_track": "yes"})
    ProblemReport.objects.create(facility=facility, message="Closed")
    client.force_login(directory_editor())

    html = client.get(reverse("admin:index")).content.decode()

    assert "Directory: what needs doing" in html
    assert "Program updates waiting for a call</a></th><td>1" in html
    assert "Problem reports from readers</a></th><td>1" in html
    assert "Listings due for a re-check" in html


def test_find_rehab_says_how_many_are_confirmed_and_marks_the_rest(client):
    confirmed = FacilityFactory(name="Alpha IOP")
    record_fact(
        confirmed, "evening_track", True, source="phone_check", confirmed_on=timezone.localdate()
    )
    FacilityFactory(name="Beta IOP")  # not confirmed either way: still listed, after, marked

    html = client.get(
        reverse("directory:find_rehab"), {"near": "22903", "evening": "1"}
    ).content.decode()

    assert "1 confirmed recently for evening iop groups (after 5 pm)." in html
    assert "1 more is not confirmed yet and comes after them, marked: call to ask." in html
    assert html.index("Alpha IOP") < html.index("Beta IOP")
    assert html.count("Not confirmed yet: evening iop groups (after 5 pm). Call to ask.") == 1
