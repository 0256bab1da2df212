"""The facility importer on small slices of both SAMHSA formats (fixtures/) and on edge cases."""

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from iopguide.directory.importers import (
    MassDeactivationRefused,
    NotADirectoryFile,
    import_facilities,
)
from iopguide.directory.models import Facility

FIXTURES = Path(__file__).parent / "fixtures"
CSV_SLICE = FIXTURES / "directory_slice.csv"
JSON_SLICE = FIXTURES / "findtreatment_slice.json"

pytestmark = pytest.mark.django_db


def read_slice() -> list[list[str]]:
    with CSV_SLICE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """A workbook shaped like SAMHSA's: a title row above the header, and a code sheet after."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Facilities List"
    sheet.append(["National Directory of Drug and Alcohol Use Treatment Facilities"])
    for row in rows:
        # Spreadsheets store ZIPs as numbers; a Massachusetts ZIP loses its leading zero.
        sheet.append([int(cell) if cell.isdigit() and len(cell) == 5 else cell for cell in row])
    codes = workbook.create_sheet("Service Code Reference")
    codes.append(["category_code", "category_name", "service_code"])
    workbook.save(path)
    return path


def test_csv_import_creates_listings_with_codes_phones_and_zip_centroids():
    result = import_facilities(CSV_SLICE)

    assert (result.created, result.skipped, result.file_format) == (4, 0, "csv")
    iop = Facility.objects.get(name="Blue Ridge Recovery Works")
    assert iop.program_name == "Evening IOP"
    assert iop.has_code("OIT") and iop.has_code("TA")
    assert iop.service_codes.startswith(" SA ") and iop.service_codes.endswith(" TA ")
    assert iop.location_precision == Facility.LocationPrecision.ZIP
    assert iop.latitude == pytest.approx(37.55, abs=0.1)
    assert iop.city_slug == "richmond" and iop.state == "VA"
    assert iop.slug == "blue-ridge-recovery-works-richmond-va"
    assert iop.source == "nsumhss" and iop.is_active
    assert iop.findtreatment_checked_on is None and iop.first_seen == iop.last_seen
    assert iop.phone_numbers[1] == ("Intake", "804-555-0102", "tel:+18045550102")


def test_codes_missing_from_the_code_sheet_are_kept():
    import_facilities(CSV_SLICE)

    assert Facility.objects.get(name="Harbor Residential Center").has_code("ZZNEW")


def test_vanity_numbers_and_extensions_are_kept_as_written_and_dialled_as_digits():
    import_facilities(CSV_SLICE)

    harbor = Facility.objects.get(name="Harbor Residential Center")
    capitol = Facility.objects.get(name="Capitol Day Program")
    assert harbor.phone_numbers[1] == ("Intake", "800-555-HOPE", "tel:+18005554673")
    assert capitol.phone_numbers[0] == ("Main phone", "804-555-0201 x12", "tel:+18045550201;ext=12")


def test_xlsx_workbook_imports_like_its_csv_export(tmp_path):
    rows = read_slice()
    rows.append(["Boston Harbor Program", "", "1 Dock Square", "", "Boston", "MA", "02109"])
    rows[-1] += ["617-555-0101", "", "", "", "", "SA * OP OIT * PI"]
    workbook = write_xlsx(tmp_path / "national-directory-2024.xlsx", rows)

    result = import_facilities(workbook)

    assert (result.file_format, result.created, result.skipped) == ("xlsx", 5, 0)
    boston = Facility.objects.get(name="Boston Harbor Program")
    assert boston.zip_code == "02109"
    assert boston.location_precision == Facility.LocationPrecision.ZIP
    assert "2024" in boston.source_dataset


def test_headers_match_loosely_lower_case_and_reordered(tmp_path):
    rows = read_slice()
    header = [h.lower().replace("_", " ") for h in rows[0]]
    reordered = [list(reversed(row)) for row in [header, *rows[1:]]]

    result = import_facilities(write_csv(tmp_path / "directory-2022.csv", reordered))

    assert result.created == 4
    assert Facility.objects.with_code("OIT").get().name == "Blue Ridge Recovery Works"


def test_findtreatment_json_maps_service_names_to_codes_and_keeps_the_rest():
    result = import_facilities(JSON_SLICE)

    assert (result.file_format, result.source, result.created) == (
        "findtreatment-json",
        "findtreatment",
        2,
    )
    rivanna = Facility.objects.get(source_id="aaa111")
    for code in ["OP", "OIT", "ICO", "GCO", "CBT", "MD", "PI"]:
        assert rivanna.has_code(code), code
    assert rivanna.unmatched_services == "Treatment Approaches: Dialectical behavior therapy"
    assert rivanna.location_precision == Facility.LocationPrecision.SOURCE
    assert rivanna.latitude == pytest.approx(38.0282)
    assert rivanna.website == "http://www.rivanna-recovery.example"
    day = Facility.objects.get(source_id="bbb222")
    assert day.has_code("ODT")
    assert day.location_precision == Facility.LocationPrecision.ZIP


def test_a_second_run_of_the_same_file_changes_nothing():
    import_facilities(CSV_SLICE)
    before = {f.pk: (f.updated_at, f.slug, f.service_codes) for f in Facility.objects.all()}

    result = import_facilities(CSV_SLICE)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (0, 0, 4, 0)
    after = {f.pk: (f.updated_at, f.slug, f.service_codes) for f in Facility.objects.all()}
    assert after == before


def test_a_second_run_of_the_json_matches_on_the_source_id(tmp_path):
    import_facilities(JSON_SLICE)
    data = json.loads(JSON_SLICE.read_text())
    data["rows"][0]["name1"] = "Rivanna Recovery Center (renamed)"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(data))

    result = import_facilities(renamed)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Facility.objects.get(source_id="aaa111").name == "Rivanna Recovery Center (renamed)"


def test_an_update_keeps_the_fields_editors_filled_in(tmp_path):
    import_facilities(CSV_SLICE)
    Facility.objects.filter(name="Blue Ridge Recovery Works").update(
        evening_track=True,
        hours_per_week=12,
        notes="Call before 3 pm.",
        accepting_new_patients=True,
    )
    rows = read_slice()
    rows[1][7] = "804-555-0199"  # the main phone number changed
    changed = write_csv(tmp_path / "directory.csv", rows)

    result = import_facilities(changed)

    assert (result.updated, result.unchanged) == (1, 3)
    iop = Facility.objects.get(name="Blue Ridge Recovery Works")
    assert iop.phone == "804-555-0199"
    assert (iop.evening_track, iop.hours_per_week, iop.notes) == (True, 12, "Call before 3 pm.")
    assert iop.accepting_new_patients is True


def test_a_later_full_import_deactivates_missing_listings_and_never_deletes(tmp_path):
    import_facilities(CSV_SLICE)
    rows = read_slice()
    without_harbor = write_csv(
        tmp_path / "directory.csv", [r for r in rows if "Harbor" not in r[0]]
    )

    result = import_facilities(without_harbor)

    assert result.deactivated == 1
    harbor = Facility.objects.get(name="Harbor Residential Center")
    assert harbor.is_active is False
    assert Facility.objects.count() == 4
    assert Facility.objects.active().count() == 3


def test_a_listing_that_returns_is_active_again(tmp_path):
    import_facilities(CSV_SLICE)
    rows = read_slice()
    import_facilities(write_csv(tmp_path / "d.csv", [r for r in rows if "Harbor" not in r[0]]))

    result = import_facilities(CSV_SLICE)

    assert result.updated == 1
    assert Facility.objects.get(name="Harbor Residential Center").is_active


def test_a_listing_an_editor_hid_stays_hidden_through_a_full_import():
    import_facilities(CSV_SLICE)
    Facility.objects.filter(name="Harbor Residential Center").update(
        hidden_by_editor=True, hidden_reason="Closed in March; SAMHSA still lists it."
    )

    import_facilities(CSV_SLICE)

    harbor = Facility.objects.get(name="Harbor Residential Center")
    assert harbor.is_active and harbor.hidden_by_editor
    assert harbor.hidden_reason == "Closed in March; SAMHSA still lists it."
    assert harbor not in Facility.objects.active()


def test_a_partial_import_deactivates_nothing(tmp_path):
    import_facilities(CSV_SLICE)
    only_first = write_csv(tmp_path / "d.csv", read_slice()[:2])

    result = import_facilities(only_first, partial=True)

    assert result.deactivated == 0
    assert Facility.objects.active().count() == 4


def test_a_locator_page_that_is_not_the_whole_result_deactivates_nothing(tmp_path):
    import_facilities(JSON_SLICE)
    data = json.loads(JSON_SLICE.read_text())
    data.update(totalPages=765, rows=data["rows"][:1])
    page = tmp_path / "page.json"
    page.write_text(json.dumps(data))

    result = import_facilities(page)

    assert (result.full, result.deactivated) == (False, 0)
    assert Facility.objects.active().count() == 2


def test_imports_of_other_sources_leave_each_other_alone():
    import_facilities(CSV_SLICE)

    import_facilities(JSON_SLICE)

    assert Facility.objects.active().filter(source="nsumhss").count() == 4


def _json_listing_the_same_program_as_the_csv(tmp_path):
    """A FindTreatment response whose first row is the CSV's first program (same name, program,
    street and ZIP), under its own id."""
    name, program, street1, street2, city, state, zip_code = read_slice()[1][:7]
    data = json.loads(JSON_SLICE.read_text())
    data["rows"][0].update(
        name1=name,
        name2=program,
        street1=street1,
        street2=street2,
        city=city,
        state=state,
        zip=zip_code,
    )
    path = tmp_path / "overlap.json"
    path.write_text(json.dumps(data))
    return path, name


def test_a_program_another_source_already_lists_is_not_listed_twice(tmp_path):
    import_facilities(CSV_SLICE)
    overlap, name = _json_listing_the_same_program_as_the_csv(tmp_path)

    result = import_facilities(overlap)

    assert result.listed_elsewhere == 1
    assert "1 already listed from another source" in result.summary()
    assert list(Facility.objects.filter(name=name).values_list("source", flat=True)) == ["nsumhss"]
    assert Facility.objects.filter(source="findtreatment").count() == 1


def test_a_program_its_first_source_dropped_is_listed_from_the_other(tmp_path):
    import_facilities(CSV_SLICE)
    overlap, name = _json_listing_the_same_program_as_the_csv(tmp_path)
    Facility.objects.filter(name=name).update(is_active=False)

    result = import_facilities(overlap)

    assert result.listed_elsewhere == 0
    assert Facility.objects.active().filter(name=name, source="findtreatment").exists()


def test_bad_rows_are_reported_with_row_number_and_reason_and_the_rest_import(tmp_path):
    rows = read_slice()
    good = rows[1]
    bad = [
        ["", *good[1:]],  # row 6: no name
        [*good[:6], "", *good[7:]],  # row 7: no ZIP
        [*good[:5], "ZZ", *good[6:]],  # row 8: unknown state
        [*good[:12], "SA * OP oit"],  # row 9: malformed code
        [*good[:7], "555-01", *good[8:]],  # row 10: malformed phone
        [*good[:6], "2322", *good[7:]],  # row 11: four-digit ZIP from a spreadsheet: fine
    ]
    bad[-1][0] = "Zero Dropped"
    path = write_csv(tmp_path / "d.csv", [*rows, *bad])

    result = import_facilities(path)

    assert result.created == 5
    assert [(b.row_number, b.reason) for b in result.bad_rows] == [
        (6, "missing facility name"),
        (7, "missing ZIP code"),
        (8, "unknown state 'ZZ'"),
        (9, "malformed service code 'oit'"),
        (10, "malformed phone number '555-01' (phone)"),
    ]
    assert Facility.objects.get(name="Zero Dropped").zip_code == "02322"


def test_identical_listings_in_one_file_are_both_kept(tmp_path):
    rows = read_slice()
    path = write_csv(tmp_path / "d.csv", [*rows, rows[1]])

    assert import_facilities(path).created == 5
    assert import_facilities(path).unchanged == 5


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("codes.csv", "category_code,category_name,service_code\nTC,Type of Care,SA\n"),
        ("notes.txt", "Just some notes, not a directory.\n"),
        ("empty.csv", ""),
        ("other.json", '{"results": [1, 2, 3]}'),
        ("broken.json", '{"rows": ['),
        ("binary.csv", b"\xff\xfe\x00\x01garbage"),
    ],
)
def test_a_file_that_is_not_a_directory_gives_one_clear_error_and_changes_nothing(
    tmp_path, name, content
):
    import_facilities(CSV_SLICE)
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)

    with pytest.raises(NotADirectoryFile, match=name):
        import_facilities(path)
    assert Facility.objects.active().count() == 4


def test_a_zip_file_that_is_not_a_workbook_gives_one_clear_error(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(NotADirectoryFile, match=r"report\.docx is not an Excel workbook"):
        import_facilities(path)


def test_a_file_whose_every_row_is_bad_changes_nothing(tmp_path):
    import_facilities(CSV_SLICE)
    rows = read_slice()
    path = write_csv(tmp_path / "d.csv", [rows[0], ["", *rows[1][1:]]])

    with pytest.raises(NotADirectoryFile, match="none of its 1 rows"):
        import_facilities(path)
    assert Facility.objects.active().count() == 4


def test_dry_run_counts_everything_and_saves_nothing():
    result = import_facilities(CSV_SLICE, dry_run=True)

    assert result.created == 4
    assert "dry run" in result.summary()
    assert not Facility.objects.exists()


def test_command_prints_progress_bad_rows_and_a_summary(tmp_path):
    rows = read_slice()
    path = write_csv(tmp_path / "d.csv", [*rows, ["", *rows[1][1:]]])
    out, err = io.StringIO(), io.StringIO()

    call_command("import_facilities", str(path), stdout=out, stderr=err)

    assert "created 4, updated 0, unchanged 0, deactivated 0, skipped 1" in out.getvalue()
    assert "skipped row 6: missing facility name" in err.getvalue()
    assert "100% 5/5 rows" in err.getvalue()


def test_command_turns_a_wrong_file_into_a_command_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")

    with pytest.raises(CommandError, match="does not look like a facility directory"):
        call_command("import_facilities", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_command_source_option_files_listings_under_that_source(tmp_path):
    path = shutil.copy(CSV_SLICE, tmp_path / "demo.csv")

    call_command(
        "import_facilities", str(path), "--source", "demo", stdout=io.StringIO(), verbosity=0
    )

    assert set(Facility.objects.values_list("source", flat=True)) == {"demo"}


def test_an_import_refreshes_cached_reader_pages(
    client, tmp_path, django_capture_on_commit_callbacks
):
    import_facilities(CSV_SLICE)
    url = Facility.objects.get(name="Blue Ridge Recovery Works").get_absolute_url()
    assert "804-555-0101" in client.get(url).content.decode()
    rows = read_slice()
    rows[1][7] = "804-555-0199"

    with django_capture_on_commit_callbacks(execute=True):  # as the import commits
        import_facilities(write_csv(tmp_path / "directory.csv", rows))

    assert "804-555-0199" in client.get(url).content.decode()


def test_a_full_import_that_would_retire_most_of_its_source_is_refused(tmp_path):
    rows = read_slice()
    programs = [[f"Program {number}", *rows[1][1:]] for number in range(30)]
    import_facilities(write_csv(tmp_path / "all.csv", [rows[0], *programs]))
    just_one = write_csv(tmp_path / "one.csv", [rows[0], programs[0]])

    with pytest.raises(MassDeactivationRefused, match="deactivate 29 of the 30 active"):
        import_facilities(just_one)
    assert Facility.objects.active().count() == 30

    assert import_facilities(just_one, allow_mass_deactivation=True).deactivated == 29


def test_a_nul_byte_in_a_cell_is_reported_with_row_and_column_and_never_stored(tmp_path):
    rows = read_slice()
    broken = [f"{rows[1][0]}\x00", *rows[1][1:]]
    path = write_csv(tmp_path / "d.csv", [*rows, broken])

    result = import_facilities(path)

    assert [str(bad) for bad in result.bad_rows] == [
        "row 6: column name: contains a NUL byte (a broken or binary cell)"
    ]
    assert result.created == 4
    # Checked in Python: SQLite's LIKE stops at a NUL, so name__contains would match every row.
    assert not any("\x00" in name for name in Facility.objects.values_list("name", flat=True))


def test_a_nul_byte_in_a_json_service_name_is_reported_not_stored(tmp_path):
    data = json.loads(JSON_SLICE.read_text())
    data["rows"][0]["services"] = [{"f1": "Type of Care", "f2": "TC", "f3": "Outpatient\x00"}]
    path = tmp_path / "locator.json"
    path.write_text(json.dumps(data))

    result = import_facilities(path)

    assert [str(bad) for bad in result.bad_rows] == [
        "row 1: column services: contains a NUL byte (a broken or binary cell)"
    ]


def test_a_name_too_long_for_its_field_is_reported_not_cut(tmp_path):
    rows = read_slice()
    path = write_csv(tmp_path / "d.csv", [*rows, ["N" * 10_000, *rows[1][1:]]])

    result = import_facilities(path)

    assert [str(bad) for bad in result.bad_rows] == [
        "row 6: column name: 10,000 characters, more than the 255 it may hold"
    ]
    assert not Facility.objects.filter(name__startswith="NNN").exists()


def test_a_missing_zip_column_is_named_alone(tmp_path):
    rows = read_slice()
    zip_column = [cell.lower() for cell in rows[0]].index("zip")
    without_zip = [row[:zip_column] + row[zip_column + 1 :] for row in rows]
    path = write_csv(tmp_path / "d.csv", without_zip)

    with pytest.raises(NotADirectoryFile, match=r"\(missing: zip\)"):
        import_facilities(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.json", "empty.json is empty (0 bytes): expected a FindTreatment.gov response"),
        ("empty.xlsx", "empty.xlsx is empty (0 bytes): expected an Excel workbook"),
        ("blank.csv", "blank.csv is empty (0 bytes): expected a directory file"),
    ],
)
def test_an_empty_file_gets_a_message_for_its_kind(tmp_path, name, expected):
    path = tmp_path / name
    path.write_bytes(b"")

    with pytest.raises(NotADirectoryFile, match=re.escape(expected)):
        import_facilities(path)


def test_a_json_file_that_is_not_json_gets_the_json_message(tmp_path):
    path = tmp_path / "locator.json"
    path.write_text("name,zip\nx,1\n")

    with pytest.raises(NotADirectoryFile, match=r"locator\.json is not valid JSON"):
        import_facilities(path)
