"""SAMHSA's service vocabulary as readers see it: plain names grouped under plain headings.

The code sheet lives in the database (ServiceCode, loaded from data/service_codes.csv by a
migration); pages read it through `vocabulary()`, one cached dict, so a facility page costs no
query per service.
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.core.cache import cache
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from iopguide.core.cache import content_changed, versioned_key

SERVICE_CODES_CSV = Path(__file__).resolve().parent / "data" / "service_codes.csv"
# The plain names and descriptions in Spanish, one row per code of the sheet above (data, not
# the message catalogue: it follows the sheet, and tests/test_vocabulary.py checks it does).
SPANISH_CODES_CSV = SERVICE_CODES_CSV.with_name("service_codes_es.csv")
_CACHE_KEY = "directory:vocabulary:v1"
_CACHE_SECONDS = 60 * 60 * 6
# language -> (versioned key, services) of the last read in this process: every Find Rehab and
# facility page reads the vocabulary, and unpickling it from the cache each time cost more than
# the lookup.
_last_read: dict[str, tuple[str, dict]] = {}

# Reader-facing sections of a facility page, in page order: (heading, SAMHSA category codes).
SECTIONS = [
    (_("Setting"), ["SET"]),
    (_("Type of care"), ["TC"]),
    (_("Payment accepted"), ["PAY"]),
    (_("Help paying"), ["PYAS"]),
    (_("Treatment approaches"), ["TAP"]),
    (_("Counseling and education"), ["ECS"]),
    (_("Medications for addiction treatment"), ["OM", "OT", "PHR", "AUT", "OMSC", "SMAT"]),
    (_("Detox (help with withdrawal)"), ["DETOX"]),
    (_("Aftercare and leaving the program"), ["TRSRV"]),
    (_("Recovery support"), ["RSS"]),
    (_("Other help, such as transportation"), ["AS"]),
    (_("Groups served"), ["SG"]),
    (_("Ages"), ["AGE"]),
    (_("Gender"), ["GN"]),
    (_("Languages"), ["SL", "OL"]),
    (_("Programs only for some people"), ["EXCL"]),
    (_("Other addictions treated"), ["OTHR"]),
    (_("Assessment before treatment"), ["ASPT"]),
    (_("Testing"), ["SCR"]),
    (_("Medical services"), ["MSRV"]),
    (_("Licences and accreditation"), ["LCA"]),
    (_("Who runs it"), ["FOP"]),
    (_("Hospital"), ["HOSP"]),
    (_("Smoking and vaping"), ["SMP", "FVP"]),
]
UNLISTED_HEADING = _("Other services the source lists")

# --- Groupings of codes ------------------------------------------------------------------------
# Every page, filter and builder that groups codes reads them here: the admin's filters, the
# reader's labels, Find Rehab's filters, Compare Centers' rows and the JSON-LD.

IOP = "OIT"  # intensive outpatient treatment, the site's subject
SPANISH = "SP"  # counselors provide treatment in Spanish (Find Rehab's one-click link)


class CodeGroup(NamedTuple):
    key: str  # the admin filter's parameter value
    label: str
    codes: tuple[str, ...]


# The settings a reader chooses between, most relevant to this site first. The admin's "setting"
# filter and the labels readers see on results, browse and compare pages are these groups.
SETTING_GROUPS = (
    CodeGroup("OIT", _("Intensive outpatient (IOP)"), (IOP,)),
    CodeGroup("ODT", _("Partial hospitalization (PHP)"), ("ODT",)),
    CodeGroup("ORT", _("Regular outpatient"), ("ORT",)),
    CodeGroup("OMB", _("Outpatient medication treatment"), ("OMB",)),
    CodeGroup("RES", _("Residential"), ("RES", "RS", "RL")),
    CodeGroup("DETOX", _("Detox"), ("OD", "RD", "HID", "DT")),
    CodeGroup("HI", _("Hospital inpatient"), ("HI", "HIT")),
)

# Find Rehab's filters: the codes a reader can tick under each heading (labels from the sheet).
SETTING_FILTER_CODES = (IOP, "ODT", "ORT", "OP", "RES", "DT", "HI")
DEFAULT_SETTING_CODES = (IOP,)  # a bare /find-rehab/ link shows intensive outpatient programs
PAYMENT_CODES = ("MD", "MC", "PI", "SI", "MI", "SF", "SS", "PA", "NP", "ITU")
PAYMENT_HELP_CODES = ("SS", "PA")  # of PAYMENT_CODES: help paying rather than a payer
GROUP_CODES = (
    *("AD", "TAY", "WN", "PW", "MN", "SE", "GL", "VET", "ADM"),
    *("MF", "CJ", "CO", "COPSU", "HV", "XA", "DV", "TRMA"),
)
LANGUAGE_CODES = (
    *("SP", "AH", "NX", "F4", "F17", "F19", "F25", "F28", "F30", "F31", "F35", "F36"),
    *("F37", "F42", "F43", "F47", "F66", "F67", "F70", "F81", "F92", "N24", "N40", "FX"),
)
AGE_CODES = ("CHLD", "YAD", "ADLT", "SNR")
APPROACH_CODES = ("CBT", "MOTI", "TRC", "TWFA", "RELP", "CMI", "MXM", "TELE")
MEDICATION_FILTER_CODES = ("BU", "MU", "NU", "PMAT", "MOA")

# Compare Centers' rows.
MAIN_APPROACH_CODES = ("CBT", "MOTI", "TRC", "TWFA", "RELP")
ACCREDITATION_CODES = ("JC", "CARF", "COA", "HFAP", "NCQA")  # signs of quality
LICENCE_CODES = ("STAG", "STMH", "STDH", "HLA", "FQHC", "SOTP", "DEA")  # signs of quality
MEDICATION_CODES = ("BWN", "BWON", "BERI", "BSDM", "METH", "NXN", "VTRL", "ACM", "DSF")
MENTAL_HEALTH_CODES = ("SUMH", "CO", "MHS")  # care for mental health conditions too
PRESCRIBED_ELSEWHERE_CODES = ("MOA", "ACMA")  # welcomes medication prescribed elsewhere

# What a MedicalClinic's JSON-LD says: categories shown as its services (setting, approaches,
# counseling, pharmacotherapies) and those that say how care is paid for (payment, assistance).
JSON_LD_SERVICE_CATEGORIES = frozenset({"SET", "TAP", "ECS", "PHR"})
JSON_LD_PAYMENT_CATEGORIES = frozenset({"PAY", "PYAS"})


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


def load_code_sheet_into_empty_table(using="default", **kwargs) -> None:
    """After `migrate` and `flush` (both send post_migrate): a ServiceCode table left empty, e.g.
    by a test's flush, gets the committed sheet again, so that reading the vocabulary never has to
    write."""
    from django.db import connections

    from .models import ServiceCode

    if ServiceCode._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the table existed
    if not ServiceCode.objects.using(using).exists():
        sync_service_codes(ServiceCode)
        content_changed()  # a vocabulary cached while the table was empty is dropped


@functools.cache
def spanish_sheet() -> dict[str, tuple[str, str]]:
    """code -> (plain name, plain description) in Spanish."""
    with SPANISH_CODES_CSV.open(encoding="utf-8", newline="") as sheet:
        return {
            row["code"]: (row["plain_name"], row["plain_description"])
            for row in csv.DictReader(sheet)
        }


def vocabulary() -> dict[str, Service]:
    """Every code on the sheet -> Service in the active language, cached (the table is filled by
    a migration, and again after a flush by load_code_sheet_into_empty_table). In Spanish, a code
    without a Spanish description shows none rather than SAMHSA's English one."""
    language = get_language() or "en"
    # An edit to the code sheet is a content change.
    key = versioned_key(f"{_CACHE_KEY}:{language}")
    last_key, last_services = _last_read.get(language, ("", {}))
    if last_key == key:
        return last_services
    services = cache.get(key)
    if services is None:
        from .models import ServiceCode

        rows = list(ServiceCode.objects.all())
        services = {
            row.code: Service(row.code, row.category_code, row.label, row.description)
            for row in rows
        }
        if language == "es":
            spanish = spanish_sheet()
            services = {
                code: Service(code, s.category_code, *spanish.get(code, (s.label, "")))
                for code, s in services.items()
            }
        cache.set(key, services, _CACHE_SECONDS)
    _last_read[language] = (key, services)
    return services


def describe(code: str, services: dict[str, Service] | None = None) -> Service:
    """The Service for a code; a code missing from the sheet is still shown, never dropped."""
    services = vocabulary() if services is None else services
    return services.get(code) or Service(
        code,
        "",
        gettext("Service code %(code)s") % {"code": code},
        gettext("This code is not on SAMHSA's code sheet."),
        False,
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
            sections.append((str(heading), in_section))
    unlisted = [s for s in described if not s.on_code_sheet]
    if unlisted:
        sections.append((str(UNLISTED_HEADING), unlisted))
    return sections


def setting_labels(codes) -> list[str]:
    """The settings a facility offers, in plain words (IOP first)."""
    codes = set(codes)
    return [str(group.label) for group in SETTING_GROUPS if codes.intersection(group.codes)]
