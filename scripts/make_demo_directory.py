#!/usr/bin/env python
"""Write the demo directory: several hundred FICTIONAL facilities in SAMHSA's CSV format.

    .venv/bin/python scripts/make_demo_directory.py

rewrites iopguide/directory/data/demo_directory.csv.

The output is deterministic (fixed seed), so the committed file only changes when this script
does. Names are invented, phone numbers use the 555-01xx block reserved for fiction, and ZIP
codes are real (so listings geolocate through the `zipcodes` package). Code mixes follow the
kinds of programs the national directory lists: IOPs, day programs, opioid treatment programs,
residential programs, detox units, regular outpatient clinics.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "iopguide/directory/data/demo_directory.csv"
CODE_SHEET = ROOT / "iopguide/directory/data/service_codes.csv"
HEADER = [
    "Name1",
    "Name2",
    "Street1",
    "Street2",
    "City",
    "State",
    "Zip",
    "Phone",
    "Intake1",
    "Intake2",
    "Intake1a",
    "Intake2a",
    "Service_code_info",
]
SEED = 20231127
FACILITY_COUNT = 320

# (city, state, area code, ZIPs that exist in `zipcodes`, weight): Virginia first and heaviest.
CITIES = [
    ("Richmond", "VA", "804", ["23219", "23220", "23223", "23225"], 6),
    ("Norfolk", "VA", "757", ["23502", "23504", "23510"], 4),
    ("Charlottesville", "VA", "434", ["22901", "22902", "22903"], 3),
    ("Roanoke", "VA", "540", ["24011", "24012", "24016"], 3),
    ("Arlington", "VA", "703", ["22201", "22203", "22204"], 3),
    ("Virginia Beach", "VA", "757", ["23451", "23452", "23462"], 3),
    ("Harrisonburg", "VA", "540", ["22801", "22802"], 2),
    ("Raleigh", "NC", "919", ["27601", "27603", "27610"], 3),
    ("Charlotte", "NC", "704", ["28202", "28205", "28208"], 3),
    ("Asheville", "NC", "828", ["28801", "28806"], 2),
    ("Baltimore", "MD", "410", ["21201", "21218", "21224"], 3),
    ("Columbus", "OH", "614", ["43201", "43205", "43215"], 3),
    ("Cleveland", "OH", "216", ["44102", "44113", "44115"], 2),
    ("Austin", "TX", "512", ["78701", "78702", "78741"], 3),
    ("Houston", "TX", "713", ["77002", "77004", "77006"], 3),
    ("Sacramento", "CA", "916", ["95811", "95814", "95817"], 2),
    ("San Diego", "CA", "619", ["92101", "92104", "92113"], 3),
    ("Pittsburgh", "PA", "412", ["15201", "15212", "15222"], 2),
    ("Atlanta", "GA", "404", ["30303", "30308", "30310"], 3),
    ("Seattle", "WA", "206", ["98101", "98104", "98122"], 2),
    ("Boston", "MA", "617", ["02108", "02118", "02119"], 2),
]

# Invented place names: realistic in shape, but no real facility should carry them.
NAME_FIRST = [
    "Bramblewood",
    "Lanternfield",
    "Thistledown",
    "Willowmere",
    "Hollowbrook",
    "Kestrel Ridge",
    "Foxglove Hollow",
    "Larkspur Bend",
    "Copper Kettle",
    "Juniper Lantern",
    "Sparrowgate",
    "Puddleby",
    "Marigold Crossing",
    "Emberlea",
    "Fernwhistle",
    "Quillbrook",
    "Honeycomb Hill",
    "Pebblewick",
    "Mossbank",
    "Candlewick",
    "Otterbrook",
    "Wrenfield",
    "Bellhaven",
    "Tumbleweed Mesa",
]
NAME_LAST = {
    "iop": ["Recovery Center", "Counseling Services", "Behavioral Health", "Wellness Group"],
    "php": ["Behavioral Health", "Recovery Institute", "Treatment Center"],
    "otp": ["Medication Clinic", "Opioid Treatment Program", "Recovery Clinic"],
    "residential": ["Recovery Lodge", "Residential Center", "House"],
    "detox": ["Withdrawal Care Unit", "Detox Center"],
    "outpatient": ["Counseling", "Community Services", "Family Counseling Center"],
    "hospital": ["Community Hospital", "Medical Center"],
}
PROGRAMS = {
    "iop": ["Intensive Outpatient Program", "Evening IOP", "Adult IOP", ""],
    "php": ["Day Program", "Partial Hospitalization Program", ""],
    "otp": ["", "Opioid Treatment Program"],
    "residential": ["", "Women's Program", "Men's Program"],
    "detox": ["", "Medically Managed Withdrawal"],
    "outpatient": ["", "Outpatient Services"],
    "hospital": ["Behavioral Health Unit", "Addiction Services"],
}
STREETS = [
    "Main Street",
    "Oak Avenue",
    "Market Street",
    "Church Street",
    "Park Road",
    "Broad Street",
    "Hillside Drive",
    "Mill Road",
    "Center Street",
    "Elm Street",
]
KINDS = [("iop", 45), ("php", 10), ("otp", 10), ("residential", 12), ("detox", 6),
         ("outpatient", 14), ("hospital", 3)]  # fmt: skip

# What each kind of program always offers, and what it offers with some probability.
ALWAYS = {
    "iop": ["SA", "OP", "OIT", "ICO", "GCO", "SAE", "CSAA", "DP", "ADLT"],
    "php": ["SA", "OP", "ODT", "OIT", "ICO", "GCO", "SAE", "CSAA", "DP", "MHS", "ADLT"],
    "otp": ["SA", "OP", "OMB", "MU", "BU", "OTP", "MM", "METH", "BWN", "SOTP", "DEA", "ICO"],
    "residential": ["SA", "RES", "ICO", "GCO", "SAE", "DP", "ADLT"],
    "detox": ["SA", "DT", "RD", "ADTX", "ODTX", "MDET", "DP", "ADLT"],
    "outpatient": ["SA", "OP", "ORT", "ICO", "GCO", "ADLT"],
    "hospital": ["SA", "DT", "HI", "HID", "HIT", "GH", "ADTX", "ODTX", "MDET", "HLA", "JC"],
}
SOMETIMES = [
    # settings a program adds
    ("ORT", 0.6), ("OD", 0.08), ("RS", 0.5), ("RL", 0.3),
    # type of care, opioid and alcohol medication
    ("SUMH", 0.35), ("MOA", 0.8), ("BU", 0.3), ("NU", 0.3), ("UB", 0.25), ("BUM", 0.2),
    ("UN", 0.25), ("VTRL", 0.25), ("NXN", 0.2), ("BWN", 0.2), ("ACMA", 0.6), ("PMAT", 0.2),
    ("ACM", 0.15), ("NRT", 0.3),
    # approaches
    ("CBT", 0.85), ("MOTI", 0.75), ("RELP", 0.8), ("TRC", 0.55), ("TWFA", 0.45), ("SACA", 0.7),
    ("CMI", 0.2), ("ANG", 0.35), ("BIA", 0.3), ("MXM", 0.15), ("TELE", 0.45),
    # operation, licences
    ("PVTP", 0.45), ("PVTN", 0.45), ("STAG", 0.8), ("STMH", 0.35), ("CARF", 0.3), ("JC", 0.25),
    # payment
    ("PI", 0.8), ("MD", 0.7), ("MC", 0.4), ("MI", 0.3), ("SF", 0.9), ("SI", 0.2), ("FSA", 0.3),
    ("SS", 0.4), ("PA", 0.3), ("NP", 0.03),
    # groups
    ("TAY", 0.2), ("WN", 0.3), ("MN", 0.3), ("PW", 0.15), ("VET", 0.2), ("GL", 0.15),
    ("CJ", 0.3), ("CO", 0.4), ("TRMA", 0.3), ("SE", 0.1),
    # testing, transitions, recovery support
    ("DAUT", 0.85), ("BABA", 0.4), ("ACC", 0.75), ("NOE", 0.55), ("OFD", 0.35), ("PEER", 0.45),
    ("SHG", 0.3), ("RC", 0.25), ("HS", 0.15), ("EMP", 0.15), ("AOSS", 0.3),
    # counseling, ages, gender, languages, other help
    ("FCO", 0.65), ("MCO", 0.2), ("TCC", 0.3), ("YAD", 0.8), ("SNR", 0.4), ("CHLD", 0.08),
    ("FEM", 0.92), ("MALE", 0.92), ("SP", 0.25), ("AH", 0.1), ("FX", 0.05), ("TA", 0.25),
    ("CM", 0.5), ("SPS", 0.3), ("SMON", 0.5), ("VAPN", 0.5),
]  # fmt: skip
# Settings only some kinds of program offer.
SETTING_FOR = {"ORT": {"iop", "php", "otp"}, "OD": {"iop", "outpatient"}, "RS": {"residential"},
               "RL": {"residential"}}  # fmt: skip


def category_order() -> dict[str, tuple[int, int]]:
    """code -> (category position, position in category) on the committed code sheet."""
    order, categories = {}, {}
    with CODE_SHEET.open(encoding="utf-8", newline="") as sheet:
        for position, row in enumerate(csv.DictReader(sheet)):
            category = categories.setdefault(row["category_code"], len(categories))
            order[row["code"]] = (category, position)
    return order


def service_code_info(codes: set[str], order: dict) -> str:
    """Codes grouped by category and joined the way SAMHSA does: "SA DT * OP OIT * ..."."""
    groups: dict[int, list[str]] = {}
    for code in sorted(codes, key=lambda c: order[c]):
        groups.setdefault(order[code][0], []).append(code)
    return " * ".join(" ".join(group) for _, group in sorted(groups.items()))


def phone(rng: random.Random, area: str) -> str:
    return f"{area}-555-01{rng.randrange(100):02d}"


def make_facilities(rng: random.Random, order: dict) -> list[list[str]]:
    rows, names = [], set()
    city_weights = [city[4] for city in CITIES]
    kinds, kind_weights = zip(*KINDS, strict=True)
    while len(rows) < FACILITY_COUNT:
        city, state, area, zips, _ = rng.choices(CITIES, city_weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_LAST[kind])}"
        if (name, city) in names:
            continue
        names.add((name, city))
        codes = set(ALWAYS[kind])
        for code, chance in SOMETIMES:
            if kind in SETTING_FOR.get(code, {kind}) and rng.random() < chance:
                codes.add(code)
        intake = phone(rng, area) if rng.random() < 0.4 else ""
        extension = f" x{rng.randrange(10, 300)}" if rng.random() < 0.1 else ""
        rows.append(
            [
                name,
                rng.choice(PROGRAMS[kind]),
                f"{rng.randrange(10, 9900)} {rng.choice(STREETS)}",
                f"Suite {rng.randrange(100, 400)}" if rng.random() < 0.25 else "",
                city,
                state,
                rng.choice(zips),
                phone(rng, area) + extension,
                intake,
                "",
                "",
                "",
                service_code_info(codes, order),
            ]
        )
    rows.sort(key=lambda row: (row[5], row[4], row[0]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    output = parser.parse_args().out
    rows = make_facilities(random.Random(SEED), category_order())
    with output.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} fictional facilities to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
