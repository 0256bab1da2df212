"""The IOP details readers choose a program on, where each came from, and whether it is recent.

SAMHSA publishes none of these (when groups meet, hours, length, telehealth, languages, whether
the program takes new patients, the wait). They reach a listing only through `record_fact()`:
an editor's phone call, or a program's update that an editor confirmed by calling the number
already listed. Each confirmation is a ListingFact; the Facility column keeps the latest value
so Find Rehab can filter on it. A detail older than its freshness limit is shown as "not
confirmed recently" instead of as a fact, and the filters treat it as unknown.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Facility, ListingFact, ProblemReport

YES, NO = "yes", "no"


@dataclass(frozen=True)
class Detail:
    field: str
    label: str
    kind: str  # "yes/no", "number" or "text"
    confirmed_on_field: str = ""  # the Facility column Find Rehab's filter reads
    fresh_days_setting: str = "LISTING_DETAIL_FRESH_DAYS"

    @property
    def fresh_days(self) -> int:
        return getattr(settings, self.fresh_days_setting)


DETAILS = [
    Detail("morning_track", _("Morning groups"), "yes/no"),
    Detail("day_track", _("Daytime groups"), "yes/no"),
    Detail("evening_track", _("Evening groups (after 5 pm)"), "yes/no", "evening_confirmed_on"),
    Detail("weekend_track", _("Weekend groups"), "yes/no", "weekend_confirmed_on"),
    Detail("hours_per_week", _("Hours a week"), "number"),
    Detail("program_length", _("Typical length"), "text"),
    Detail("telehealth_iop", _("IOP by video (telehealth)"), "yes/no", "telehealth_confirmed_on"),
    Detail("group_languages", _("Languages groups run in"), "text"),
    Detail(
        "accepting_new_patients",
        _("Taking new patients"),
        "yes/no",
        "accepting_checked_on",
        "LISTING_ACCEPTING_FRESH_DAYS",
    ),
    Detail("typical_wait", _("Typical wait for a first session"), "text"),
]
DETAILS_BY_FIELD = {detail.field: detail for detail in DETAILS}

# How each source reads in a sentence: "Evening groups: yes. Confirmed by phone ... on <date>."
SOURCE_SENTENCES = {
    ListingFact.Source.PHONE_CHECK: _("Confirmed by phone with the program"),
    ListingFact.Source.PROGRAM: _("Sent by the program and confirmed by our editors by phone"),
    ListingFact.Source.FINDTREATMENT: _("Listed on FindTreatment.gov"),
    ListingFact.Source.SAMHSA_FILE: _("From SAMHSA's national directory"),
}


def stored_text(detail: Detail, value) -> str:
    """A Facility value as a fact stores it: "yes", "no", "12", or the text; "" when unknown."""
    if value is None or value == "":
        return ""
    if detail.kind == "yes/no":
        return YES if value else NO
    return str(value)


def column_value(detail: Detail, text: str):
    """A fact's stored text as the Facility column holds it."""
    if detail.kind == "yes/no":
        return {YES: True, NO: False}.get(text)
    if detail.kind == "number":
        return int(text) if text else None
    return text


def reader_text(detail: Detail, text: str) -> str:
    if detail.kind == "yes/no":
        return {YES: gettext("yes"), NO: gettext("no")}.get(text, gettext("not known"))
    return text or gettext("not known")


@transaction.atomic
def record_fact(
    facility: Facility,
    field: str,
    value,
    *,
    source: str,
    confirmed_on: date,
    by=None,
) -> ListingFact:
    """Record that `field` was confirmed as `value`: the one way an IOP detail changes."""
    detail = DETAILS_BY_FIELD[field]
    text = stored_text(detail, value)
    fact = ListingFact.objects.create(
        facility=facility,
        detail=field,
        value=text,
        previous_value=stored_text(detail, getattr(facility, field)),
        source=source,
        confirmed_on=confirmed_on,
        recorded_by=by,
    )
    setattr(facility, field, column_value(detail, text))
    changed = [field, "details_confirmed_on", "recheck_due_on", "updated_at"]
    facility.details_confirmed_on = {
        **facility.details_confirmed_on,
        field: confirmed_on.isoformat() if text else None,
    }
    if detail.confirmed_on_field:
        setattr(facility, detail.confirmed_on_field, confirmed_on)
        changed.append(detail.confirmed_on_field)
    facility.recheck_due_on = recheck_due_on(facility)
    facility.save(update_fields=changed)
    return fact


def recheck_due_on(facility: Facility) -> date | None:
    """The day the first of the listing's confirmed details stops being recent."""
    latest: dict[str, ListingFact] = {}
    for fact in ListingFact.objects.filter(facility=facility).exclude(value=""):
        current = latest.get(fact.detail)
        if current is None or fact.confirmed_on > current.confirmed_on:
            latest[fact.detail] = fact
    due = [
        fact.confirmed_on + timedelta(days=DETAILS_BY_FIELD[name].fresh_days)
        for name, fact in latest.items()
        if name in DETAILS_BY_FIELD
    ]
    return min(due, default=None)


@dataclass
class ShownDetail:
    """One detail as a listing's page says it."""

    label: str
    value: str
    fresh: bool
    fact: ListingFact | None

    @property
    def sentence(self) -> str:
        if self.fact is None:
            return gettext("%(detail)s: not confirmed yet.") % {"detail": self.label}
        when = dateformat.format(self.fact.confirmed_on, gettext("F j, Y"))
        how = str(SOURCE_SENTENCES.get(self.fact.source, gettext("Confirmed")))
        words = {"detail": self.label, "value": self.value, "how": how, "when": when}
        if not self.fresh:
            words["how"] = f"{how[0].lower()}{how[1:]}"
            return (
                gettext(
                    "%(detail)s: not confirmed recently (last: %(value)s, %(how)s on %(when)s)."
                )
                % words
            )
        return gettext("%(detail)s: %(value)s. %(how)s on %(when)s.") % words


def shown_details(facility: Facility, today: date | None = None) -> list[ShownDetail]:
    """Every detail with its latest confirmation; unconfirmed ones say so."""
    today = today or timezone.localdate()
    latest: dict[str, ListingFact] = {}
    for fact in facility.facts.all():  # newest first (Meta.ordering)
        latest.setdefault(fact.detail, fact)
    shown = []
    for detail in DETAILS:
        fact = latest.get(detail.field)
        if fact is None or not fact.value:
            shown.append(ShownDetail(detail.label, gettext("not known"), False, None))
            continue
        fresh = today - fact.confirmed_on <= timedelta(days=detail.fresh_days)
        shown.append(ShownDetail(detail.label, reader_text(detail, fact.value), fresh, fact))
    return shown


def is_fresh(facility: Facility, field: str, today: date | None = None) -> bool:
    """Whether a filterable detail's value may be shown as a fact today."""
    detail = DETAILS_BY_FIELD[field]
    confirmed_on = getattr(facility, detail.confirmed_on_field)
    today = today or timezone.localdate()
    return confirmed_on is not None and today - confirmed_on <= timedelta(days=detail.fresh_days)


def fresh_since(field: str, today: date | None = None) -> date:
    """The oldest confirmation date still fresh for a filterable detail."""
    today = today or timezone.localdate()
    return today - timedelta(days=DETAILS_BY_FIELD[field].fresh_days)


REPORT_SOURCE = _("A reader's report, checked by our editors")


def _fact_change(fact: ListingFact) -> dict:
    detail = DETAILS_BY_FIELD[fact.detail]
    return {
        "label": detail.label,
        "old": reader_text(detail, fact.previous_value) if fact.previous_value else "",
        "new": reader_text(detail, fact.value),
        "source": fact.get_source_display(),
        "date": fact.confirmed_on,
        "facility": fact.facility,
    }


def _report_change(report) -> dict:
    return {
        "label": gettext("Listing corrected"),
        "old": "",
        "new": report.public_note,
        "source": REPORT_SOURCE,
        "date": timezone.localdate(report.resolved_at),
        "facility": report.facility,
    }


def listing_changes(facility: Facility) -> list[dict]:
    """A listing's public change log, newest first: IOP details whose value changed, and
    readers' problem reports once resolved (what was corrected, never who reported it)."""
    changes = [
        _fact_change(f) for f in facility.facts.all() if f.changed and f.detail in DETAILS_BY_FIELD
    ]
    reports = facility.reports.filter(status="resolved", resolved_at__isnull=False).exclude(
        public_note=""
    )
    changes += [_report_change(report) for report in reports]
    return sorted(changes, key=lambda change: change["date"], reverse=True)


def recent_changes(limit: int = 100) -> list[dict]:
    """The site-wide corrections page: the latest changes to listings readers can see."""
    listed = {"facility__is_active": True, "facility__hidden_by_editor": False}
    facts = (
        ListingFact.objects.filter(**listed, detail__in=DETAILS_BY_FIELD)
        .exclude(value=models.F("previous_value"))
        .select_related("facility")[:limit]
    )
    reports = (
        ProblemReport.objects.filter(**listed, status="resolved", resolved_at__isnull=False)
        .exclude(public_note="")
        .select_related("facility")
        .order_by("-resolved_at")[:limit]
    )
    changes = [_fact_change(fact) for fact in facts] + [_report_change(r) for r in reports]
    return sorted(changes, key=lambda change: change["date"], reverse=True)[:limit]


def compare_cell(facility: Facility, field: str, today: date | None = None) -> str:
    """One detail for the Compare table: its value and the day it was confirmed, "not confirmed
    recently" past its limit, or "Not confirmed yet" (no database query: the dates are on the
    listing)."""
    detail = DETAILS_BY_FIELD[field]
    text = stored_text(detail, getattr(facility, field))
    day = facility.details_confirmed_on.get(field)
    if not text or not day:
        return gettext("Not confirmed yet")
    confirmed_on = date.fromisoformat(day)
    when = dateformat.format(confirmed_on, gettext("F j, Y"))
    value = reader_text(detail, text).capitalize()
    if (today or timezone.localdate()) - confirmed_on > timedelta(days=detail.fresh_days):
        return gettext("Not confirmed recently (last: %(value)s, %(when)s)") % {
            "value": value.lower(),
            "when": when,
        }
    return gettext("%(value)s (confirmed %(when)s)") % {"value": value, "when": when}
