"""SAMHSA's service vocabulary as readers see it: plain names grouped under plain headings.

The code sheet lives in the database (ServiceCode, loaded from data/service_codes.csv by a
migration); pages read it through `vocabulary()`, one cached dict, so a facility page costs no
query per service.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache

from iopguide.core.cache import versioned_key

SERVICE_CODES_CSV = Path(__file__).resolve().parent / "data" / "service_codes.csv"
_CACHE_KEY = "directory:vocabulary:v1"
_CACHE_SECONDS = 60 * 60 * 6

# Reader-facing sections of a facility page, in page order: (heading, SAMHSA category codes).
SECTIONS = [
    ("Setting", ["SET"]),
    ("Type of care", ["TC"]),
    ("Payment accepted", ["PAY"]),
    ("Help paying", ["PYAS"]),
    ("Treatment approaches", ["TAP"]),
    ("Counseling and education", ["ECS"]),
    ("Medications for addiction treatment", ["OM", "OT", "PHR", "AUT", "OMSC", "SMAT"]),
    ("Detox (help with withdrawal)", ["DETOX"]),
    ("Aftercare and leaving the program", ["TRSRV"]),
    ("Recovery support", ["RSS"]),
    ("Other help, such as transportation", ["AS"]),
    ("Groups served", ["SG"]),
    ("Ages", ["AGE"]),
    ("Gender", ["GN"]),
    ("Languages", ["SL", "OL"]),
    ("Programs only for some people", ["EXCL"]),
    ("Other addictions treated", ["OTHR"]),
    ("Assessment before treatment", ["ASPT"]),
    ("Testing", ["SCR"]),
    ("Medical services", ["MSRV"]),
    ("Licences and accreditation", ["LCA"]),
    ("Who runs it", ["FOP"]),
    ("Hospital", ["HOSP"]),
    ("Smoking and vaping", ["SMP", "FVP"]),
]
UNLISTED_HEADING = "Other services the source lists"

# The settings a reader chooses between, most relevant to this site first: (label, codes).
SETTING_SUMMARY = [
    ("Intensive outpatient (IOP)", {"OIT"}),
    ("Partial hospitalization (PHP)", {"ODT"}),
    ("Regular outpatient", {"ORT"}),
    ("Outpatient medication treatment", {"OMB"}),
    ("Residential", {"RES", "RS", "RL"}),
    ("Detox", {"OD", "RD", "HID", "DT"}),
    ("Hospital inpatient", {"HI", "HIT"}),
]


@dataclass(frozen=True)
class Service:
    code: str
    category_code: str
    label: str
    description: str
    on_code_sheet: bool = True


def read_service_code_csv() -> list[dict]:
    """The committed code sheet (SAMHSA's columns plus our plain-language ones), as model fields."""
    with SERVICE_CODES_CSV.open(encoding="utf-8", newline="") as sheet:
        return [
            {
                "code": row["code"],
                "category_code": row["category_code"],
                "category_name": row["category_name"],
                "name": row["samhsa_name"],
                "plain_name": row["plain_name"],
                "description": row["plain_description"] or row["samhsa_description"],
                "samhsa_description": row["samhsa_description"],
            }
            for row in csv.DictReader(sheet)
        ]


def sync_service_codes(service_code_model) -> int:
    """Create or refresh every code from the CSV; takes the model so migrations can pass theirs."""
    rows = read_service_code_csv()
    existing = set(service_code_model.objects.values_list("code", flat=True))
    fields = [field for field in rows[0] if field != "code"]
    service_code_model.objects.bulk_create(
        [service_code_model(**row) for row in rows if row["code"] not in existing]
    )
    service_code_model.objects.bulk_update(
        [service_code_model(**row) for row in rows if row["code"] in existing], fields
    )
    return len(rows)


def vocabulary() -> dict[str, Service]:
    """Every code on the sheet -> Service, cached; loads the sheet first into an empty table."""
    key = versioned_key(_CACHE_KEY)  # an edit to the code sheet is a content change
    services = cache.get(key)
    if services is None:
        from .models import ServiceCode

        rows = list(ServiceCode.objects.all())
        if not rows:  # a database emptied by a test flush, or never migrated with data
            sync_service_codes(ServiceCode)
            rows = list(ServiceCode.objects.all())
        services = {
            row.code: Service(row.code, row.category_code, row.label, row.description)
            for row in rows
        }
        cache.set(key, services, _CACHE_SECONDS)
    return services


def describe(code: str, services: dict[str, Service] | None = None) -> Service:
    """The Service for a code; a code missing from the sheet is still shown, never dropped."""
    services = vocabulary() if services is None else services
    return services.get(code) or Service(
        code, "", f"Service code {code}", "This code is not on SAMHSA's code sheet.", False
    )


def grouped_services(codes: list[str]) -> list[tuple[str, list[Service]]]:
    """(heading, services) in page order, only the sections a facility has."""
    services = vocabulary()
    described = [describe(code, services) for code in codes]
    sections = []
    for heading, categories in SECTIONS:
        in_section = [s for s in described if s.category_code in categories]
        if in_section:
            in_section.sort(key=lambda s: categories.index(s.category_code))
            sections.append((heading, in_section))
    unlisted = [s for s in described if not s.on_code_sheet]
    if unlisted:
        sections.append((UNLISTED_HEADING, unlisted))
    return sections


def setting_labels(codes) -> list[str]:
    """The settings a facility offers, in plain words (IOP first)."""
    codes = set(codes)
    return [label for label, wanted in SETTING_SUMMARY if codes & wanted]
