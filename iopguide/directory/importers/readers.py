"""Read a directory file into raw records: SAMHSA's workbook (xlsx), its CSV export, or a
FindTreatment.gov locator response (JSON). Headers match loosely; nothing is validated here."""

import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

# Loose header matching: a header is lower-cased and stripped of everything but letters and
# digits, then looked up here ("Service_code_info", "service code info" -> "servicecodeinfo").
HEADER_ALIASES = {
    "name": {"name1", "name", "facilityname"},
    "program_name": {"name2", "programname"},
    "street1": {"street1", "street", "address", "address1", "streetaddress"},
    "street2": {"street2", "address2"},
    "city": {"city"},
    "state": {"state", "st"},
    "zip": {"zip", "zipcode", "zip5", "postalcode"},
    "phone": {"phone", "phonenumber", "telephone"},
    "intake1": {"intake1", "intake"},
    "intake2": {"intake2"},
    "intake1a": {"intake1a"},
    "intake2a": {"intake2a"},
    "codes": {"servicecodeinfo", "servicecodes", "codes"},
    "website": {"website", "url", "web"},
    "latitude": {"latitude", "lat"},
    "longitude": {"longitude", "lon", "lng", "long"},
    "source_id": {"frid", "sourceid"},
}
REQUIRED_COLUMNS = {"name", "zip", "state", "codes"}
GZIP_MAGIC = b"\x1f\x8b"


class NotADirectoryFile(Exception):
    """The file is not a facility directory this importer understands; nothing was changed."""


def _header_key(header) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def _column_map(headers) -> dict[str, int]:
    """Our field name -> column index, for the headers we recognise."""
    lookup = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
    columns = {}
    for index, header in enumerate(headers):
        name = lookup.get(_header_key(header))
        if name and name not in columns:
            columns[name] = index
    return columns


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table_rows(rows: Iterator[tuple], path: Path) -> Iterator[tuple[int, dict]]:
    """Find the header row (within the first ten) and yield (row number, raw record)."""
    # The likeliest header row so far (most columns recognised), for the message if none fits.
    best: dict[str, int] = {}
    for header_number, headers in enumerate(rows, start=1):
        columns = _column_map(headers)
        if columns.keys() >= REQUIRED_COLUMNS:
            break
        best = max(best, columns, key=len)
        if header_number >= 10:
            raise NotADirectoryFile(_missing_columns_message(path, best))
    else:
        raise NotADirectoryFile(_missing_columns_message(path, best))
    for row_number, values in enumerate(rows, start=header_number + 1):
        if not any(cell_text(value) for value in values):
            continue
        yield (
            row_number,
            {
                name: cell_text(values[index]) if index < len(values) else ""
                for name, index in columns.items()
            },
        )


def _missing_columns_message(path: Path, columns: dict) -> str:
    missing = ", ".join(sorted(REQUIRED_COLUMNS - columns.keys()))
    return (
        f"{path.name} does not look like a facility directory: no header row with the "
        f"columns name, state, ZIP and service codes (missing: {missing}). Nothing was imported."
    )


def _read_csv(path: Path, data: bytes) -> list[tuple[int, dict]]:
    text = io.StringIO(data.decode("utf-8-sig"), newline="")
    return list(_table_rows(iter(csv.reader(text)), path))


def _read_xlsx(path: Path) -> list[tuple[int, dict]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NotADirectoryFile(f"{path.name} is not an Excel workbook ({error}).") from error
    try:
        for sheet in workbook.worksheets:
            try:
                return list(_table_rows(sheet.iter_rows(values_only=True), path))
            except NotADirectoryFile:
                continue
    finally:
        workbook.close()
    raise NotADirectoryFile(
        f"{path.name} does not look like a facility directory: no sheet has the columns name, "
        "state, ZIP and service codes. Nothing was imported."
    )


def findtreatment_record(row: dict) -> dict:
    """One FindTreatment.gov locator row as a raw record (the 2019 and current field names)."""
    services = row.get("services") or []
    return {
        "source_id": cell_text(row.get("frid")),
        "name": cell_text(row.get("name1")),
        "program_name": cell_text(row.get("name2")),
        "street1": cell_text(row.get("street1")),
        "street2": cell_text(row.get("street2")),
        "city": cell_text(row.get("city")),
        "state": cell_text(row.get("state")),
        "zip": cell_text(row.get("zip")),
        "phone": cell_text(row.get("phone")),
        "intake1": cell_text(row.get("intake1")),
        "intake2": cell_text(row.get("hotline1")),
        "website": cell_text(row.get("website")),
        "latitude": cell_text(row.get("latitude")),
        "longitude": cell_text(row.get("longitude")),
        "services": services if isinstance(services, list) else [],
    }


def _read_findtreatment_json(path: Path, raw: bytes) -> tuple[list[tuple[int, dict]], bool]:
    """FindTreatment.gov locator responses: (records, whether the file is the whole result)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotADirectoryFile(f"{path.name} is not valid JSON ({error}).") from error
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and "name1" in row for row in rows
    ):
        raise NotADirectoryFile(
            f"{path.name} does not look like a FindTreatment.gov response: expected "
            '{"rows": [{"name1": ..., "zip": ..., "services": [...]}, ...]}. Nothing was imported.'
        )
    records = [(number, findtreatment_record(row)) for number, row in enumerate(rows, start=1)]
    # A locator response is one page of a search; only a response that says it holds every
    # result may deactivate listings it lacks.
    return records, data.get("totalPages") == 1


def read_file(path: Path) -> tuple[str, list[tuple[int, dict]], bool]:
    """(format, [(row number, raw record)], is the whole dataset) for a directory file."""
    if not path.is_file():
        raise NotADirectoryFile(f"{path} is not a file.")
    with path.open("rb") as handle:
        head = handle.read(512)
    suffix = path.suffix.lower()
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n"):
        expected = {
            ".json": "a FindTreatment.gov response (JSON)",
            ".xlsx": "an Excel workbook",
        }.get(suffix, "a directory file (xlsx, CSV or FindTreatment JSON)")
        raise NotADirectoryFile(
            f"{path.name} is empty ({len(head)} bytes): expected {expected}. Nothing was imported."
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx", _read_xlsx(path), True
    data = path.read_bytes()
    if head.startswith(GZIP_MAGIC):  # the bundled snapshot: a gzipped CSV (or JSON)
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise NotADirectoryFile(f"{path.name} is a damaged gzip file ({error}).") from error
    looks_like_json = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))
    if suffix == ".json" or looks_like_json:
        records, complete = _read_findtreatment_json(path, data)
        return "findtreatment-json", records, complete
    try:
        return "csv", _read_csv(path, data), True
    except (UnicodeDecodeError, csv.Error) as error:
        raise NotADirectoryFile(
            f"{path.name} is not a directory workbook, CSV or FindTreatment JSON ({error})."
        ) from error
