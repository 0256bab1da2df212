"""Import facility listings: SAMHSA's National Directory (xlsx or CSV) and FindTreatment.gov JSON.

`import_facilities(path)` reads the whole file, checks every row, then writes in bulk inside one
transaction. Listings are matched on the source's id when it has one, otherwise on a normalized
name + street + ZIP key, so a second run of the same file changes nothing; editor fields are
never written; listings missing from a later full import of the same source are deactivated,
never deleted.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from iopguide.core.cache import content_changed

from ..models import Facility
from .bulk import BATCH_SIZE, insert_facilities, update_facilities
from .readers import NotADirectoryFile, read_file
from .records import clean_record, default_source, forget_service_names, source_dataset_for
from .sources import keep_better_location, listed_by_other_sources, locate_other_sources_listings

__all__ = [
    "BadRow",
    "ImportResult",
    "MassDeactivationRefused",
    "NotADirectoryFile",
    "import_facilities",
    "import_records",
]

# A full import may deactivate at most half of its source's listings (and always this many)
# unless told otherwise: a partial file imported by mistake would otherwise empty the directory.
MASS_DEACTIVATION_FLOOR = 20

# Fields an import owns; everything else on Facility (the editor fields) it never writes.
IMPORTED_FIELDS = [
    "name",
    "program_name",
    "street1",
    "street2",
    "city",
    "city_slug",
    "state",
    "zip_code",
    "phone",
    "intake_phone",
    "intake_phone_2",
    "more_intake_phones",
    "website",
    "latitude",
    "longitude",
    "location_precision",
    "service_codes",
    "unmatched_services",
    "source_dataset",
    "source_id",
    "match_key",
    "is_active",
]


class MassDeactivationRefused(Exception):
    """A full import would have deactivated most of its source; nothing was changed."""


@dataclass
class BadRow:
    row_number: int
    reason: str

    def __str__(self):
        return f"row {self.row_number}: {self.reason}"


@dataclass
class ImportResult:
    source: str
    file_format: str
    full: bool
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    # New records that another source already lists as an active program: not listed twice.
    listed_elsewhere: int = 0
    # Of those, listings of another source this one gave the address's own location.
    located: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.bad_rows)

    def summary(self) -> str:
        text = (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deactivated {self.deactivated}, skipped {self.skipped}"
        )
        if self.listed_elsewhere:
            text += f" ({self.listed_elsewhere} already listed from another source"
            text += f"; {self.located} of them located by this one)" if self.located else ")"
        if not self.full:
            text += " (partial file: nothing deactivated)"
        if self.dry_run:
            text += " (dry run: nothing saved)"
        return text


class ProgressBar:
    """A one-line progress bar, redrawn (with a carriage return) only when the percentage moves.
    `write` receives raw text and must show it at once (no added newline, flushed)."""

    def __init__(self, total: int, write: Callable[[str], None] | None, width: int = 30):
        self.total, self.write, self.width = max(total, 1), write, width
        self.shown = -1

    def update(self, done: int) -> None:
        percent = done * 100 // self.total
        if self.write is None or percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "." * (self.width - filled)
        self.write(f"\rImporting [{bar}] {percent:3d}% {done:,}/{self.total:,} rows")

    def finish(self) -> None:
        if self.write is not None:
            self.update(self.total)
            self.write("\n")


def _unique_slug(values: dict, taken: set[str]) -> str:
    base = slugify(f"{values['name']} {values['city']} {values['state']}")[:100].strip("-")
    base = base or "facility"
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def _fields_for(source: str, live: bool) -> list[str]:
    """The fields this source's imports own: FindTreatment also owns its id and, when the
    records come from a live sync, the day it last listed the program."""
    if source != Facility.Source.FINDTREATMENT:
        return IMPORTED_FIELDS
    return [*IMPORTED_FIELDS, "findtreatment_id", *(["findtreatment_checked_on"] if live else [])]


def _same(existing: dict, values: dict, fields: list[str]) -> bool:
    return all(existing[name] == values[name] for name in fields)


def import_facilities(
    path: Path,
    *,
    source: str | None = None,
    dry_run: bool = False,
    partial: bool = False,
    allow_mass_deactivation: bool = False,
    show_progress: Callable[[str], None] | None = None,
    on_bad_row: Callable[[BadRow], None] | None = None,
) -> ImportResult:
    """Import one directory file. Raises NotADirectoryFile for a wrong file and
    MassDeactivationRefused for a full import that would retire most of its source; either way
    nothing is changed."""
    path = Path(path)
    file_format, records, complete = read_file(path)
    source = source or default_source(file_format)
    return import_records(
        records,
        source=source,
        dataset=source_dataset_for(source, path),
        file_format=file_format,
        full=complete and not partial,
        dry_run=dry_run,
        allow_mass_deactivation=allow_mass_deactivation,
        show_progress=show_progress,
        on_bad_row=on_bad_row,
        origin=path.name,
    )


def import_records(
    records: list[tuple[int, dict]],
    *,
    source: str,
    dataset: str,
    file_format: str,
    full: bool,
    dry_run: bool = False,
    allow_mass_deactivation: bool = False,
    show_progress: Callable[[str], None] | None = None,
    on_bad_row: Callable[[BadRow], None] | None = None,
    origin: str = "the data",
    checked_on: date | None = None,
    states: Collection[str] | None = None,
) -> ImportResult:
    """Import raw records (as the readers return them). `checked_on` is the day a live source
    listed them (a FindTreatment.gov sync), never set for a file; `states` limits what a full
    import may deactivate to the states it covered."""
    if source not in Facility.Source.values:
        raise ValueError(f"unknown source {source!r}")
    result = ImportResult(source, file_format, full=full, dry_run=dry_run)
    result.rows = len(records)
    forget_service_names()

    progress = ProgressBar(len(records), show_progress)
    cleaned: list[tuple[int, dict]] = []
    seen_keys: dict[tuple, int] = {}
    for done, (row_number, record) in enumerate(records, start=1):
        try:
            values = clean_record(record, dataset)
        except ValueError as error:
            _refuse_row(result, BadRow(row_number, str(error)), on_bad_row)
            continue
        key = _row_key(values, seen_keys)
        if key in seen_keys:
            reason = f"same source id as row {seen_keys[key]}"
            _refuse_row(result, BadRow(row_number, reason), on_bad_row)
            continue
        seen_keys[key] = row_number
        if source == Facility.Source.FINDTREATMENT:
            values["findtreatment_id"] = values["source_id"]
            if checked_on:
                values["findtreatment_checked_on"] = checked_on
        cleaned.append((row_number, values))
        if done % 200 == 0:
            progress.update(done)
    progress.finish()

    if not cleaned:
        raise NotADirectoryFile(
            f"{origin}: none of its {len(records)} rows could be imported. Nothing was changed."
        )
    with transaction.atomic():
        _write(result, source, cleaned, allow_mass_deactivation, states)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and (result.created or result.updated or result.deactivated or result.located):
        content_changed()  # bulk writes bypass Facility.save()
    return result


def _row_key(values: dict, seen_keys: dict[tuple, int]) -> tuple:
    """What makes a row one listing in its file: its source id, else its match key. Identical
    listings without an id are numbered (#2, #3...) so that both are kept."""
    if values["source_id"]:
        return ("id", values["source_id"])
    base, copy = values["match_key"], 2
    while ("key", values["match_key"]) in seen_keys:
        values["match_key"], copy = f"{base}#{copy}", copy + 1
    return ("key", values["match_key"])


def _refuse_row(result: ImportResult, bad: BadRow, on_bad_row) -> None:
    result.bad_rows.append(bad)
    if on_bad_row:
        on_bad_row(bad)


def _write(
    result: ImportResult,
    source: str,
    cleaned: list[tuple[int, dict]],
    allow_mass: bool,
    states: Collection[str] | None,
) -> None:
    now = timezone.now()
    fields = _fields_for(source, live=any("findtreatment_checked_on" in v for _, v in cleaned))
    existing_rows = list(
        Facility.objects.filter(source=source).values("pk", "slug", "state", *fields)
    )
    by_source_id = {row["source_id"]: row for row in existing_rows if row["source_id"]}
    by_match_key = {row["match_key"]: row for row in existing_rows}
    taken_slugs = set(Facility.objects.values_list("slug", flat=True))
    listed_elsewhere = listed_by_other_sources(source)

    to_create, to_update, seen_pks = [], [], []
    located = []
    for _row_number, values in cleaned:
        existing = by_source_id.get(values["source_id"]) if values["source_id"] else None
        existing = existing or by_match_key.get(values["match_key"])
        if existing is None and values["match_key"] in listed_elsewhere:
            result.listed_elsewhere += 1
            if source == Facility.Source.FINDTREATMENT:
                located.append(values)
            continue
        if existing is None:
            to_create.append(
                {
                    **values,
                    "source": source,
                    "slug": _unique_slug(values, taken_slugs),
                    "first_seen": now,
                    "last_seen": now,
                    "updated_at": now,
                }
            )
            continue
        seen_pks.append(existing["pk"])
        keep_better_location(existing, values)
        if _same(existing, values, fields):
            result.unchanged += 1
        else:
            to_update.append({**values, "updated_at": now, "id": existing["pk"]})
    result.created = len(to_create)
    result.updated = len(to_update)

    insert_facilities(to_create)
    update_facilities(to_update, [*fields, "updated_at"])
    for start in range(0, len(seen_pks), BATCH_SIZE):
        Facility.objects.filter(pk__in=seen_pks[start : start + BATCH_SIZE]).update(last_seen=now)
    result.located = locate_other_sources_listings(located, now)
    if result.full:
        _deactivate_missing(result, source, existing_rows, set(seen_pks), allow_mass, states)


def _deactivate_missing(
    result: ImportResult,
    source: str,
    existing_rows: list[dict],
    seen: set,
    allow_mass: bool,
    states: Collection[str] | None,
) -> None:
    """A full import retires the source's active listings it no longer has, in the states it
    covered (not most of them, unless allowed: that is more likely a wrong file than a source
    that emptied)."""
    active = [
        row["pk"]
        for row in existing_rows
        if row["is_active"] and (states is None or row["state"] in states)
    ]
    missing = [pk for pk in active if pk not in seen]
    if len(missing) > max(MASS_DEACTIVATION_FLOOR, len(active) // 2) and not allow_mass:
        raise MassDeactivationRefused(
            f"This file would deactivate {len(missing)} of the {len(active)} active "
            f"{source} listings. If it is only part of the source, pass --partial; if "
            "the source really dropped them, pass --allow-mass-deactivation. "
            "Nothing was changed."
        )
    for start in range(0, len(missing), BATCH_SIZE):
        result.deactivated += Facility.objects.filter(
            pk__in=missing[start : start + BATCH_SIZE]
        ).update(is_active=False)
