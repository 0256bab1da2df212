"""Import facility listings: SAMHSA's National Directory (xlsx or CSV) and FindTreatment.gov JSON.

`import_facilities(path)` reads the whole file, checks every row, then writes in bulk inside one
transaction. Listings are matched on the source's id when it has one, otherwise on a normalized
name + street + ZIP key, so a second run of the same file changes nothing; editor fields are
never written; listings missing from a later full import of the same source are deactivated,
never deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from iopguide.core.cache import content_changed

from ..models import Facility
from ..vocabulary import vocabulary
from .readers import NotADirectoryFile, read_file
from .records import clean_record, default_source, forget_service_names, source_dataset_for

__all__ = [
    "BadRow",
    "ImportResult",
    "MassDeactivationRefused",
    "NotADirectoryFile",
    "import_facilities",
]

BATCH_SIZE = 500
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
            text += f" ({self.listed_elsewhere} already listed from another source)"
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


def _same(existing: dict, values: dict) -> bool:
    return all(existing[name] == values[name] for name in IMPORTED_FIELDS)


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
    if source not in Facility.Source.values:
        raise ValueError(f"unknown source {source!r}")
    result = ImportResult(source, file_format, full=complete and not partial, dry_run=dry_run)
    result.rows = len(records)
    dataset = source_dataset_for(source, path)
    vocabulary()  # the code sheet must be loaded before names are mapped to codes
    forget_service_names()

    progress = ProgressBar(len(records), show_progress)
    cleaned: list[tuple[int, dict]] = []
    seen_keys: dict[tuple, int] = {}
    for done, (row_number, record) in enumerate(records, start=1):
        try:
            values = clean_record(record, dataset)
        except ValueError as error:
            bad = BadRow(row_number, str(error))
            result.bad_rows.append(bad)
            if on_bad_row:
                on_bad_row(bad)
            continue
        if values["source_id"]:
            key = ("id", values["source_id"])
            if key in seen_keys:
                bad = BadRow(row_number, f"same source id as row {seen_keys[key]}")
                result.bad_rows.append(bad)
                if on_bad_row:
                    on_bad_row(bad)
                continue
        else:
            # Two identical listings in one file: number the later ones, keeping both.
            base, copy = values["match_key"], 2
            while ("key", values["match_key"]) in seen_keys:
                values["match_key"], copy = f"{base}#{copy}", copy + 1
            key = ("key", values["match_key"])
        seen_keys[key] = row_number
        cleaned.append((row_number, values))
        if done % 200 == 0:
            progress.update(done)
    progress.finish()

    if not cleaned:
        raise NotADirectoryFile(
            f"{path.name}: none of its {len(records)} rows could be imported. Nothing was changed."
        )
    with transaction.atomic():
        _write(result, source, cleaned, allow_mass_deactivation)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and (result.created or result.updated or result.deactivated):
        content_changed()  # bulk writes bypass Facility.save()
    return result


def _write(
    result: ImportResult, source: str, cleaned: list[tuple[int, dict]], allow_mass: bool
) -> None:
    now, today = timezone.now(), timezone.localdate()
    existing_rows = list(
        Facility.objects.filter(source=source).values("pk", "slug", *IMPORTED_FIELDS)
    )
    by_source_id = {row["source_id"]: row for row in existing_rows if row["source_id"]}
    by_match_key = {row["match_key"]: row for row in existing_rows}
    taken_slugs = set(Facility.objects.values_list("slug", flat=True))
    listed_elsewhere = _listed_by_other_sources(source)

    to_create, to_update, seen_pks = [], [], []
    for _row_number, values in cleaned:
        existing = by_source_id.get(values["source_id"]) if values["source_id"] else None
        existing = existing or by_match_key.get(values["match_key"])
        if existing is None and values["match_key"] in listed_elsewhere:
            result.listed_elsewhere += 1
            continue
        if existing is None:
            to_create.append(
                {
                    **values,
                    "source": source,
                    "slug": _unique_slug(values, taken_slugs),
                    "first_seen": now,
                    "last_seen": now,
                    "last_verified": today,
                    "updated_at": now,
                }
            )
            continue
        seen_pks.append(existing["pk"])
        if _same(existing, values):
            result.unchanged += 1
        else:
            to_update.append({**values, "updated_at": now, "id": existing["pk"]})
    result.created = len(to_create)
    result.updated = len(to_update)

    _insert(to_create)
    _update(to_update, [*IMPORTED_FIELDS, "updated_at"])
    for start in range(0, len(seen_pks), BATCH_SIZE):
        Facility.objects.filter(pk__in=seen_pks[start : start + BATCH_SIZE]).update(
            last_seen=now, last_verified=today
        )
    if result.full:
        seen = set(seen_pks)
        active = [row["pk"] for row in existing_rows if row["is_active"]]
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


def _listed_by_other_sources(source: str) -> set[str]:
    """Match keys (name, program, street, ZIP) of programs another real source lists as active.
    Both SAMHSA sources list many of the same programs; readers should find each one once, and a
    listing an editor hid must not come back under another source. Demo data never matches."""
    if source == Facility.Source.DEMO:
        return set()
    return set(
        Facility.objects.filter(is_active=True)
        .exclude(source__in=[source, Facility.Source.DEMO])
        .exclude(match_key="")
        .values_list("match_key", flat=True)
    )


# The ORM's bulk_create and bulk_update spend about 12 s compiling the 460,000 parameters of the
# national directory; one executemany with plain parameters takes well under a second.


def _parameter(field, value):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value(value)
    return value


def _insert(rows: list[dict]) -> None:
    """INSERT new facilities; model defaults fill every field the import does not set."""
    fields = [f for f in Facility._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(Facility._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                sql,
                [
                    [_parameter(f, row.get(f.attname, defaults[f.attname])) for f in fields]
                    for row in rows[start : start + BATCH_SIZE]
                ],
            )


def _update(rows: list[dict], field_names: list[str]) -> None:
    """UPDATE the given fields of existing facilities (rows carry their "id")."""
    fields = [Facility._meta.get_field(name) for name in field_names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(Facility._meta.db_table),
        ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields),
        connection.ops.quote_name(Facility._meta.pk.column),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                sql,
                [
                    [*(_parameter(f, row[f.attname]) for f in fields), row["id"]]
                    for row in rows[start : start + BATCH_SIZE]
                ],
            )
