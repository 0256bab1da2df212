"""`sync_findtreatment` against a real HTTP server on loopback (tests/locator_server.py) that
replays locator pages and injects faults; the HTTP client is the real one."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from iopguide.directory import findtreatment
from iopguide.directory.findtreatment import LocatorClient, sync_findtreatment
from iopguide.directory.models import Facility
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.tests.locator_server import Fault, LocatorServer, locator_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def locator():
    server = LocatorServer(listings={"VA": [locator_row(n) for n in range(1, 6)]}).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, tmp_path, settings):
    monkeypatch.setattr(findtreatment, "PAGE_SIZE", 2)  # five listings come on three pages
    settings.FINDTREATMENT_SYNC_DIR = tmp_path / "sync"
    settings.FINDTREATMENT_REQUEST_DELAY = 0


class Waits(list):
    """Stands in for time.sleep: records how long the client would have waited."""

    def __call__(self, seconds):
        self.append(seconds)


def run(locator, states=("VA",), waits=None, **options):
    client = LocatorClient(
        locator.url, delay=0, timeout=0.5, retries=2, sleep=Waits() if waits is None else waits
    )
    return sync_findtreatment(list(states), client=client, **options)


def test_a_full_sweep_lists_every_program_with_its_real_location_and_todays_check(locator):
    result = run(locator)

    assert result.finished and result.imported.created == 5
    assert locator.requests == [("VA", 1), ("VA", 2), ("VA", 3)]
    listing = Facility.objects.get(source_id="frid-VA-3")
    assert listing.location_precision == Facility.LocationPrecision.SOURCE
    assert (listing.latitude, listing.longitude) == (38.03, -78.483)
    assert listing.website == "https://program3.example.org"
    assert listing.intake_phone == "434-555-0101"
    assert listing.findtreatment_checked_on == timezone.localdate()
    assert listing.has_code("OIT") and listing.has_code("MD")


def test_a_second_sweep_changes_nothing(locator):
    run(locator)

    second = run(locator)

    assert (second.imported.created, second.imported.updated) == (0, 0)
    assert second.imported.unchanged == 5


def test_timeouts_500s_and_broken_pages_are_retried_with_backoff(locator):
    locator.faults = [
        Fault("timeout", "VA", page=1),
        Fault("500", "VA", page=2),
        Fault("malformed", "VA", page=3),
    ]
    waits = Waits()

    result = run(locator, waits=waits)

    assert result.finished and result.imported.created == 5
    assert locator.requests.count(("VA", 2)) == 2
    assert waits == [2.0, 2.0, 2.0]  # the first retry of each page waits backoff * 2**0


def test_a_page_cut_short_is_fetched_again(locator):
    locator.faults = [Fault("truncated", "VA", page=2)]

    result = run(locator)

    assert result.finished and Facility.objects.count() == 5
    assert locator.requests.count(("VA", 2)) == 2


def test_429_waits_as_long_as_retry_after_says(locator):
    locator.faults = [Fault("429", "VA", page=1, retry_after="7")]
    waits = Waits()

    run(locator, waits=waits)

    assert waits == [7.0]


def test_an_interrupted_sweep_deactivates_nothing_and_resumes_where_it_stopped(locator):
    gone = FacilityFactory(source=Facility.Source.FINDTREATMENT, source_id="closed", state="VA")
    locator.faults = [Fault("500", "VA", page=3, times=3)]  # more than the client's 2 retries

    first = run(locator)

    assert not first.finished and "VA: page 3" in first.summary()
    assert "nothing deactivated" in first.summary()
    assert Facility.objects.get(pk=gone.pk).is_active
    assert Facility.objects.filter(source_id__startswith="frid-VA").count() == 4  # pages 1-2
    locator.requests.clear()

    second = run(locator)

    assert second.finished and locator.requests == [("VA", 3)]
    assert not Facility.objects.get(pk=gone.pk).is_active
    assert Facility.objects.filter(source_id__startswith="frid-VA", is_active=True).count() == 5


def test_a_state_answering_no_programs_where_it_had_some_is_not_emptied(locator):
    run(locator)
    locator.faults = [Fault("empty", "VA", page=1)]

    result = run(locator)

    assert not result.finished and "listed no programs" in result.summary()
    assert Facility.objects.filter(source_id__startswith="frid-VA", is_active=True).count() == 5


def test_only_the_swept_states_lose_listings_the_locator_dropped(locator):
    maryland = FacilityFactory(source=Facility.Source.FINDTREATMENT, source_id="md", state="MD")
    virginia = FacilityFactory(source=Facility.Source.FINDTREATMENT, source_id="va", state="VA")

    run(locator)

    assert Facility.objects.get(pk=maryland.pk).is_active
    assert not Facility.objects.get(pk=virginia.pk).is_active


def test_a_program_the_national_directory_lists_becomes_one_listing_placed_at_its_address(locator):
    national = FacilityFactory(
        name="Program 2 Recovery",
        street1="2 Main Street",
        zip_code="22902",
        match_key="program 2 recovery||2 main street||22902",
        location_precision=Facility.LocationPrecision.ZIP,
        website="",
        evening_track=True,
        notes="Groups at 6 pm.",
    )
    row_key = findtreatment_match_key(locator_row(2))
    national.match_key = row_key
    national.save()

    result = run(locator)

    national.refresh_from_db()
    assert result.imported.created == 4 and result.imported.located == 1
    assert Facility.objects.filter(name="Program 2 Recovery").count() == 1
    assert national.location_precision == Facility.LocationPrecision.SOURCE
    assert national.longitude == pytest.approx(-78.482)
    assert national.findtreatment_checked_on == timezone.localdate()
    assert national.website == "https://program2.example.org"
    assert (national.evening_track, national.notes) == (True, "Groups at 6 pm.")
    assert national.source == Facility.Source.NSUMHSS


def test_the_yearly_file_keeps_the_located_address_a_sync_found(locator, tmp_path):
    run(locator)
    listing = Facility.objects.get(source_id="frid-VA-1")
    listing.source, listing.source_id = Facility.Source.NSUMHSS, ""
    listing.save()
    yearly = tmp_path / "national-2024.csv"
    yearly.write_text(
        "Name1,Name2,Street1,Street2,City,State,Zip,Phone,Intake1,Intake2,Intake1a,Intake2a,"
        "Service_code_info\n"
        "Program 1 Recovery,,1 Main Street,,Charlottesville,VA,22902,434-555-0100,,,,,SA * OIT\n",
        encoding="utf-8",
    )

    call_command("import_facilities", yearly, "--partial", stdout=io.StringIO(), verbosity=0)

    listing.refresh_from_db()
    assert listing.location_precision == Facility.LocationPrecision.SOURCE
    assert listing.website == "https://program1.example.org"


def test_editor_fields_are_never_touched(locator):
    run(locator)
    listing = Facility.objects.get(source_id="frid-VA-1")
    listing.hours_per_week, listing.hidden_by_editor, listing.hidden_reason = 9, True, "Closed"
    listing.save()
    locator.listings["VA"][0] = locator_row(1, phone="434-555-0199")

    run(locator)

    listing.refresh_from_db()
    assert listing.phone == "434-555-0199"
    assert (listing.hours_per_week, listing.hidden_by_editor) == (9, True)


def test_a_dry_run_saves_nothing(locator):
    result = run(locator, dry_run=True)

    assert result.imported.created == 5 and not Facility.objects.exists()


def test_the_command_shows_progress_and_a_summary(locator):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "sync_findtreatment", "--state", "va", "--base-url", locator.url, stdout=out, stderr=err
    )

    assert "[1/1] VA: 5 programs, 3 of 3 pages" in err.getvalue()
    assert "1 of 1 states swept completely; created 5" in out.getvalue()


def test_the_command_fails_loudly_on_an_incomplete_sweep(locator, settings):
    locator.faults = [Fault("404", "VA", page=1)]

    with pytest.raises(CommandError, match="0 of 1 states swept completely"):
        call_command(
            "sync_findtreatment",
            "--state",
            "VA",
            "--base-url",
            locator.url,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_the_command_refuses_an_unknown_state():
    with pytest.raises(CommandError, match="Unknown state code: ZZ"):
        call_command("sync_findtreatment", "--state", "ZZ", stdout=io.StringIO())


def findtreatment_match_key(row: dict) -> str:
    from iopguide.directory.importers.readers import findtreatment_record
    from iopguide.directory.importers.records import clean_record

    return clean_record(findtreatment_record(row), "FindTreatment.gov")["match_key"]
