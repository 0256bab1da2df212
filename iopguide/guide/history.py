"""Comparing two saved versions of an article (django-simple-history records)."""

import difflib
from dataclasses import dataclass, field

from .sources import ACCESSED, SOURCE_KEYS


@dataclass
class FieldChange:
    name: str
    old: object
    new: object
    # For long text: (marker, line) with marker "+" added, "-" removed, " " unchanged.
    lines: list[tuple[str, str]] = field(default_factory=list)


def pick(records, version_id):
    """The record with this history id, or None for a missing or malformed id."""
    try:
        return records.filter(history_id=int(version_id)).first()
    except (TypeError, ValueError):
        return None


def compare(older, newer) -> list[FieldChange]:
    """What changed from `older` to `newer`, field by field, in the form's order."""
    if older.history_id == newer.history_id:
        return []
    delta = newer.diff_against(older)
    order = {f.name: index for index, f in enumerate(newer.instance._meta.fields)}
    changes = []
    for change in sorted(delta.changes, key=lambda c: order.get(c.field, len(order))):
        verbose = newer.instance._meta.get_field(change.field).verbose_name
        lines = []
        old, new = _as_text(change.old), _as_text(change.new)
        if isinstance(old, str) and isinstance(new, str) and "\n" in (old + new):
            diff = difflib.ndiff(old.splitlines(), new.splitlines())
            lines = [(line[0], line[2:]) for line in diff if line[0] in "+- "]
        changes.append(FieldChange(str(verbose).capitalize(), change.old, change.new, lines))
    return changes


def _as_text(value):
    """A list (sources, related articles) as one line an item, so it compares row by row."""
    if not isinstance(value, list):
        return value
    items = [" · ".join(_in_order(item)) if isinstance(item, dict) else str(item) for item in value]
    return "\n".join([*items, ""])  # a trailing newline: a one-item list diffs by lines too


def _in_order(source: dict) -> list[str]:
    """A source's parts in the form's order (PostgreSQL's jsonb keeps no key order)."""
    known = [*SOURCE_KEYS, ACCESSED]
    keys = [key for key in known if key in source] + sorted(set(source) - set(known))
    return [str(source[key]) for key in keys]
