#!/usr/bin/env python
"""Rebuild iopguide/directory/data/service_codes.csv from SAMHSA's code sheet.

    .venv/bin/python scripts/build_service_codes.py \
        ../shared/data/nsumhss-2023/service_code_reference.csv

SAMHSA's columns are refreshed from the sheet; the plain-language columns written by our editors
are kept for every code that is still on it. New codes get empty plain columns (pages then fall
back to SAMHSA's wording); codes SAMHSA dropped are listed on stderr and left out.
"""

import argparse
import csv
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "iopguide/directory/data/service_codes.csv"
FIELDS = [
    "category_code",
    "category_name",
    "code",
    "samhsa_name",
    "samhsa_description",
    "plain_name",
    "plain_description",
]


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="SAMHSA's service_code_reference.csv")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()

    plain = {}
    if args.out.exists():
        with args.out.open(encoding="utf-8", newline="") as existing:
            plain = {row["code"]: row for row in csv.DictReader(existing)}

    rows = []
    with args.reference.open(encoding="utf-8-sig", newline="") as reference:
        for row in csv.DictReader(reference):
            code = tidy(row["service_code"])
            kept = plain.pop(code, {})
            rows.append(
                {
                    "category_code": tidy(row["category_code"]),
                    "category_name": tidy(row["category_name"]),
                    "code": code,
                    "samhsa_name": tidy(row["service_name"]),
                    "samhsa_description": tidy(row["service_description"]),
                    "plain_name": kept.get("plain_name", ""),
                    "plain_description": kept.get("plain_description", ""),
                }
            )
    for code in sorted(plain):
        print(f"dropped (no longer on SAMHSA's sheet): {code}", file=sys.stderr)

    with args.out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
