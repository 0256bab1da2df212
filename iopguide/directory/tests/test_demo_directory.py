"""The bundled demo directory and the notice pages show while it is in use."""

import csv
import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from iopguide.directory.demo import DEMO_DIRECTORY_CSV
from iopguide.directory.models import Facility
from iopguide.directory.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db
NOTICE = "the programs listed here are fictional examples"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo_directory", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_file_is_what_the_generator_writes(tmp_path):
    script = settings.BASE_DIR / "scripts" / "make_demo_directory.py"
    fresh = tmp_path / "demo.csv"

    subprocess.run([sys.executable, script, "--out", fresh], check=True, capture_output=True)

    assert fresh.read_text(encoding="utf-8") == DEMO_DIRECTORY_CSV.read_text(encoding="utf-8")


def test_demo_file_has_several_hundred_facilities_in_several_states_including_virginia():
    with DEMO_DIRECTORY_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert 200 <= len(rows) <= 600
    states = {row["State"] for row in rows}
    assert "VA" in states and len(states) >= 5
    assert all("-555-01" in row["Phone"] for row in rows)


def test_load_demo_directory_imports_every_row_with_locations_and_is_idempotent():
    first = load_demo()
    count = Facility.objects.filter(source="demo").count()
    second = load_demo()

    assert "skipped 0" in first and count >= 200
    assert f"created 0, updated 0, unchanged {count}" in second
    assert not Facility.objects.filter(source="demo", latitude__isnull=True).exists()
    assert Facility.objects.filter(source="demo", state="VA").with_code("OIT").exists()


def test_a_demo_iop_page_answers_200_with_plain_language_services(client):
    load_demo()
    facility = Facility.objects.active().filter(state="VA").with_code("OIT").first()

    html = client.get(facility.get_absolute_url()).content.decode()

    assert "Intensive outpatient program (IOP)" in html
    assert NOTICE in html
    assert "Fictional demo data in SAMHSA&#x27;s format." in html


def test_browse_pages_say_when_demo_data_is_in_use(client):
    load_demo()

    assert NOTICE in client.get("/find-rehab/va/").content.decode()
    assert NOTICE in client.get("/find-rehab/va/richmond/").content.decode()
    assert NOTICE in client.get("/find-rehab/?near=23220").content.decode()
    assert NOTICE in client.get("/compare/").content.decode()


def test_no_demo_notice_without_demo_data(client):
    facility = FacilityFactory()

    assert NOTICE not in client.get(facility.get_absolute_url()).content.decode()
    assert NOTICE not in client.get("/find-rehab/va/").content.decode()


def test_demo_directory_steps_aside_once_a_real_directory_is_loaded(client):
    load_demo()
    real = FacilityFactory()

    output = load_demo()

    assert "demo directory not loaded" in output
    assert not Facility.objects.active().filter(source="demo").exists()
    assert NOTICE not in client.get(real.get_absolute_url()).content.decode()
