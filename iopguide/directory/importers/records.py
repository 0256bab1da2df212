"""Turn one raw record into Facility field values, or say why the row is bad."""

import re
from functools import cache
from pathlib import Path

import zipcodes
from django.utils.text import slugify

from ..code_storage import stored_codes
from ..models import Facility, ServiceCode
from ..phones import is_valid_phone
from ..states import STATE_NAMES
from .readers import cell_text

INTAKE_COLUMNS = ("intake1", "intake2", "intake1a", "intake2a")
CODE = re.compile(r"^[A-Z0-9]{1,12}$")
ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$", re.ASCII)

# FindTreatment.gov (2019) labels that differ from the 2023 code sheet's service names.
FINDTREATMENT_ALIASES = {
    "accepts clients on opioid medication": "MOA",
    "breath analyzer or blood alcohol testing": "BABA",
    "buprenorphine (extended-release, injectable, for example, sublocade)": "BERI",
    "buprenorphine with naloxone (suboxone)": "BWN",
    "case management": "CM",
    "clients referred from the court/judicial system": "CJ",
    "commission on accreditation of rehabilitation facilities": "CARF",
    "consumer-run (peer-support) services": "PEER",
    "disulfiram (antabuse)": "DSF",
    "do not use medication for opioid addiction": "NMOA",
    "does not treat opioid addiction": "NOOP",
    "domestic violence services-family or partner": "DVFP",
    "dui/dwi clients": "DU",
    "extended-release, injectable naltrexone (vivitrol)": "VTRL",
    "family counseling offered": "FCO",
    "federal, or any government funding for substance abuse programs": "FSA",
    "group counseling offered": "GCO",
    "hospital inpatient": "HI",
    "individual counseling offered": "ICO",
    "lesbian, gay, bisexual, or transgender (lgbt) clients": "GL",
    "marital/couples counseling offered": "MCO",
    "medications for psychiatric disorders": "MMD",
    "methamphetamine detoxification": "MDTX",
    "military families": "MF",
    "military insurance (e.g., tricare)": "MI",
    "nicotine replacement therapy": "NRT",
    "non-nicotine smoking/tobacco cessation medications": "NSC",
    "opioid detoxification": "ODTX",
    "partial hospitalization/day treatment": "ODT",
    "persons who have experienced intimate partner violence, domestic violence": "DV",
    "persons who have experienced sexual abuse": "XA",
    "persons who have experienced trauma": "TRMA",
    "persons with co-occurring mental and substance use disorders": "CO",
    "persons with hiv or aids": "HV",
    "prescribes/administers buprenorphine": "UB",
    "prescribes/administers naltrexone": "UN",
    "relapse prevention from naltrexone": "RPN",
    "residential": "RES",
    "samhsa-certified opioid treatment program": "OTP",
    "screening for hepatitis b": "HBT",
    "screening for hepatitis c": "HCT",
    "screening for mental health disorders": "SMHD",
    "seniors (65 or older)": "SNR",
    "services for the deaf and hard of hearing": "AH",
    "smoking/tobacco cessation counseling": "TCC",
    "state substance abuse agency": "STAG",
    "substance abuse education": "SAE",
    "substance use counseling approach": "SACA",
    "telemedicine/telehealth": "TELE",
    "transitional age young adults": "TAY",
    "treatment for non-substance use addiction disorder": "TOD",
}

SOURCE_DATASETS = {
    Facility.Source.NSUMHSS: "SAMHSA, National Directory of Drug and Alcohol Use Treatment "
    "Facilities{year} (N-SUMHSS)",
    Facility.Source.FINDTREATMENT: "FindTreatment.gov (SAMHSA){year}",
    Facility.Source.DEMO: "Fictional demo data in SAMHSA's directory format",
}


@cache
def zip_centroids() -> dict[str, tuple[float, float]]:
    """ZIP -> (latitude, longitude) from the offline `zipcodes` package, loaded once."""
    return {
        entry["zip_code"]: (float(entry["lat"]), float(entry["long"]))
        for entry in zipcodes.list_all()
        if entry.get("lat") and entry.get("long")
    }


def normalize_text(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def make_match_key(name: str, program_name: str, street1: str, street2: str, zip_code: str):
    """Normalized name + street + ZIP; the program name and suite tell apart a site's programs."""
    parts = [name, program_name, f"{street1} {street2}", zip_code]
    return "|".join(normalize_text(part) for part in parts)[:250]


def _service_name_key(name: str) -> str:
    return " ".join(name.replace("®", "").replace("™", "").lower().split())


@cache
def _service_names() -> tuple[dict, dict]:
    """(category, name) -> code and name -> code (names used once on the sheet)."""
    by_category, by_name, seen = {}, {}, set()
    for code, category, name in ServiceCode.objects.values_list("code", "category_code", "name"):
        key = _service_name_key(name)
        by_category[(category, key)] = code
        if key in seen:
            by_name.pop(key, None)
        else:
            by_name[key] = code
            seen.add(key)
    return by_category, by_name


def forget_service_names() -> None:
    """Re-read the code sheet's names at the next import (an editor may have changed them)."""
    _service_names.cache_clear()


def _codes_from_service_names(services: list) -> tuple[list[str], list[str]]:
    """FindTreatment's named services -> (codes, "Category: name" lines it could not map)."""
    by_category, by_name = _service_names()
    codes, unmatched = [], []
    for group in services:
        if not isinstance(group, dict):
            continue
        category, label = cell_text(group.get("f2")), cell_text(group.get("f1"))
        for name in cell_text(group.get("f3")).split(";"):
            key = _service_name_key(name)
            if not key:
                continue
            code = (
                by_category.get((category, key))
                or by_name.get(key)
                or FINDTREATMENT_ALIASES.get(key)
            )
            if code:
                codes.append(code)
            else:
                unmatched.append(f"{label}: {name.strip()}")
    return codes, unmatched


def _coordinates(record: dict, zip_code: str) -> tuple[float | None, float | None, str]:
    try:
        latitude, longitude = float(record.get("latitude")), float(record.get("longitude"))
    except (TypeError, ValueError):
        latitude = longitude = None
    if latitude and longitude and -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude, Facility.LocationPrecision.SOURCE
    if zip_code in zip_centroids():
        latitude, longitude = zip_centroids()[zip_code]
        return latitude, longitude, Facility.LocationPrecision.ZIP
    return None, None, Facility.LocationPrecision.NONE


def _website(value: str) -> str:
    value = value.strip()
    if not value or " " in value or "." not in value:
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = f"http://{value}"
    return value[:500]


def _service_codes(record: dict) -> tuple[list[str], list[str]]:
    """(codes once each, service names the code sheet lacks) from a record's codes or names."""
    if "services" in record:
        codes, unmatched = _codes_from_service_names(record["services"])
    else:
        codes, unmatched = record.get("codes", "").replace("*", " ").split(), []
        malformed = [code for code in codes if not CODE.match(code)]
        if malformed:
            raise ValueError(f"malformed service code {malformed[0]!r}")
    return list(dict.fromkeys(codes)), unmatched


# Longest text each imported column may hold (the model's max_length): longer is a bad cell,
# reported rather than cut.
MAX_LENGTHS = {
    "name": 255,
    "program_name": 255,
    "street1": 255,
    "street2": 255,
    "city": 100,
    "source_id": 64,
    "website": 500,
}
MAX_LENGTHS |= dict.fromkeys(("phone", *INTAKE_COLUMNS), 40)


def check_cells(record: dict) -> None:
    """Raises ValueError naming the column of a cell the database cannot store as it is: a NUL
    byte (PostgreSQL refuses it, SQLite would keep it) or text longer than its field."""
    for column, value in record.items():
        if any("\x00" in text for text in _texts(value)):
            raise ValueError(f"column {column}: contains a NUL byte (a broken or binary cell)")
        limit = MAX_LENGTHS.get(column)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ValueError(
                f"column {column}: {len(value):,} characters, more than the {limit} it may hold"
            )


def _texts(value):
    """Every string in a cell (FindTreatment's services are lists of dicts)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def clean_record(record: dict, source_dataset: str) -> dict:
    """Model field values for one raw record; raises ValueError with the reason for a bad row."""
    check_cells(record)
    name = record.get("name", "")
    if not name:
        raise ValueError("missing facility name")
    zip_raw = record.get("zip", "")
    if not zip_raw:
        raise ValueError("missing ZIP code")
    if zip_raw.isdigit() and 3 <= len(zip_raw) < 5:  # a spreadsheet dropped the leading zeros
        zip_raw = zip_raw.zfill(5)
    zip_match = ZIP.match(zip_raw)
    if not zip_match:
        raise ValueError(f"malformed ZIP code {zip_raw!r}")
    zip_code = zip_match.group(1)
    state = record.get("state", "").upper()
    if state not in STATE_NAMES:
        raise ValueError(f"unknown state {record.get('state', '')!r}")
    city = record.get("city", "")
    if not city:
        raise ValueError("missing city")

    phones = {key: record.get(key, "") for key in ("phone", *INTAKE_COLUMNS)}
    for key, number in phones.items():
        if not is_valid_phone(number):
            raise ValueError(f"malformed phone number {number!r} ({key})")
    intakes = list(dict.fromkeys(phones[key] for key in INTAKE_COLUMNS if phones[key]))

    codes, unmatched = _service_codes(record)
    latitude, longitude, precision = _coordinates(record, zip_code)
    program_name, street1, street2 = (
        record.get(k, "") for k in ("program_name", "street1", "street2")
    )
    return {
        "name": name[:255],
        "program_name": program_name[:255],
        "street1": street1[:255],
        "street2": street2[:255],
        "city": city[:100],
        "city_slug": slugify(city)[:100],
        "state": state,
        "zip_code": zip_code,
        "phone": phones["phone"][:40],
        "intake_phone": intakes[0][:40] if intakes else "",
        "intake_phone_2": intakes[1][:40] if len(intakes) > 1 else "",
        "more_intake_phones": "\n".join(intakes[2:]),
        "website": _website(record.get("website", "")),
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": precision,
        "service_codes": stored_codes(*codes),
        "unmatched_services": "\n".join(unmatched),
        "source_dataset": source_dataset,
        "source_id": record.get("source_id", "")[:64],
        "match_key": make_match_key(name, program_name, street1, street2, zip_code),
        "is_active": True,
    }


def default_source(file_format: str) -> str:
    if file_format == "findtreatment-json":
        return Facility.Source.FINDTREATMENT
    return Facility.Source.NSUMHSS


def source_dataset_for(source: str, path: Path) -> str:
    year = re.search(r"(?<!\d)(20\d\d)(?!\d)", f"{path.parent.name} {path.name}")
    template = SOURCE_DATASETS.get(source, "{year}")
    return template.format(year=f" {year.group(1)}" if year else "").strip()
