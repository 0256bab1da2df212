"""The importer and pages on SAMHSA's real files from ../shared/data (skipped when absent)."""

import pytest

from iopguide.directory.importers import import_facilities
from iopguide.directory.importers.readers import read_file
from iopguide.directory.models import Facility

pytestmark = pytest.mark.django_db
NATIONAL_ROWS = 12744


@pytest.mark.slow
def test_national_directory_csv_imports_every_row_and_a_virginia_iop_page_reads_plainly(
    shared_data, client
):
    result = import_facilities(shared_data / "nsumhss-2023" / "facilities_list.csv")

    assert (result.created, result.skipped) == (NATIONAL_ROWS, 0)
    assert Facility.objects.filter(location_precision="zip").count() > NATIONAL_ROWS * 0.99
    assert Facility.objects.values("slug").distinct().count() == NATIONAL_ROWS
    assert "2023" in Facility.objects.first().source_dataset
    iop = Facility.objects.filter(state="VA").with_code("OIT").order_by("name").first()
    response = client.get(iop.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intensive outpatient program (IOP)" in html
    assert "<h3>Payment accepted</h3>" in html
    assert "Service code" not in html  # every code on the page is on the code sheet
    assert client.get("/find-rehab/va/").status_code == 200


@pytest.mark.slow
def test_national_directory_workbook_reads_the_same_records_as_its_csv(shared_data):
    folder = shared_data / "nsumhss-2023"

    xlsx_format, from_xlsx, _ = read_file(folder / "national-directory-su-facilities-2023.xlsx")
    _, from_csv, _ = read_file(folder / "facilities_list.csv")

    assert xlsx_format == "xlsx"
    assert len(from_xlsx) == NATIONAL_ROWS
    assert from_xlsx == from_csv


def test_findtreatment_responses_import_with_coordinates_and_mapped_services(shared_data):
    folder = shared_data / "findtreatment-api-2019"
    first, second = sorted(folder.glob("*.json"))

    one = import_facilities(first)
    two = import_facilities(second)

    assert one.skipped == two.skipped == 0
    assert one.deactivated == two.deactivated == 0  # locator pages are never the whole source
    listed = Facility.objects.filter(source="findtreatment")
    assert listed.count() == 41
    assert listed.filter(location_precision="source").count() == 41
    assert listed.filter(state="VA").with_code("GCO").exists()
    region_ten = listed.get(name="Region Ten Community Services Board", program_name="Mohr Center")
    for code in ["RES", "RS", "MOA", "CBT", "MOTI", "STAG", "MD", "SS", "ICO", "GCO", "FCO"]:
        assert region_ten.has_code(code), code
