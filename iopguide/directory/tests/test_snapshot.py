"""The bundled national-directory snapshot that `make run` loads, and `load_directory`."""

import gzip
import hashlib
import io
import re

import pytest
from django.core.management import call_command

from iopguide.directory.importers import NotADirectoryFile, import_facilities
from iopguide.directory.models import Facility
from iopguide.directory.snapshot import NATIONAL_DIRECTORY_SNAPSHOT

DEMO_NOTICE = "the programs listed here are fictional examples"


def load_directory(*args) -> str:
    out = io.StringIO()
    call_command("load_directory", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_snapshot_is_the_published_csv_with_the_checksum_its_readme_gives():
    readme = (NATIONAL_DIRECTORY_SNAPSHOT.parent / "README.md").read_text(encoding="utf-8")
    noted = re.search(r"`([0-9a-f]{64})`", readme).group(1)

    data = gzip.decompress(NATIONAL_DIRECTORY_SNAPSHOT.read_bytes())

    assert hashlib.sha256(data).hexdigest() == noted
    assert data.startswith(b"Name1,Name2,Street1")
    assert NATIONAL_DIRECTORY_SNAPSHOT.stat().st_size < 1_200_000


def test_snapshot_matches_the_shared_reference_copy(shared_data):
    published = (shared_data / "nsumhss-2023" / "facilities_list.csv").read_bytes()

    assert gzip.decompress(NATIONAL_DIRECTORY_SNAPSHOT.read_bytes()) == published


@pytest.mark.django_db
def test_load_directory_loads_the_whole_national_directory_once_and_retires_the_demo(client):
    load_directory("--demo")
    assert Facility.objects.active().filter(source="demo").exists()

    first = load_directory()
    stamps = dict(Facility.objects.filter(source="nsumhss").values_list("pk", "updated_at"))
    second = load_directory()

    assert "created 12744" in first and "skipped 0" in first
    assert "already loaded (12744 listings shown)" in second
    assert dict(Facility.objects.filter(source="nsumhss").values_list("pk", "updated_at")) == stamps
    assert not Facility.objects.active().filter(source="demo").exists()
    assert Facility.objects.active().values("state").distinct().count() == 54
    assert DEMO_NOTICE not in client.get("/find-rehab/?near=22902").content.decode()


@pytest.mark.django_db
def test_load_directory_with_demo_loads_the_fictional_directory_and_its_notice(client):
    out = load_directory("--demo")

    assert "Demo directory (fictional facilities)" in out
    assert not Facility.objects.filter(source="nsumhss").exists()
    assert DEMO_NOTICE in client.get("/find-rehab/?near=22902").content.decode()


@pytest.mark.django_db
def test_a_gzipped_csv_imports_like_the_plain_file(tmp_path):
    rows = (
        "Name1,Name2,Street1,Street2,City,State,Zip,Phone,Intake1,Intake2,Intake1a,Intake2a,"
        "Service_code_info\n"
        "Blue Ridge Recovery,,1 Main St,,Charlottesville,VA,22902,434-555-0100,,,,,SA * OIT\n"
    )
    path = tmp_path / "national-2023.csv.gz"
    path.write_bytes(gzip.compress(rows.encode()))

    result = import_facilities(path)

    assert (result.file_format, result.created) == ("csv", 1)
    assert Facility.objects.get().has_code("OIT")


def test_a_damaged_gzip_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(gzip.compress(b"Name1,State,Zip,Service_code_info\n" * 50)[:40])

    with pytest.raises(NotADirectoryFile, match=r"broken\.csv\.gz is a damaged gzip file"):
        import_facilities(path)
