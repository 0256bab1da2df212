"""Compare Centers: the side-by-side table (rows follow the guide's "how to choose" advice), which
rows differ, and the questions to ask each center, taken from the choosing article."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iopguide.guide.models import Article

from . import vocabulary as codes
from .listing_details import DETAILS, compare_cell
from .models import Facility
from .phones import tel_uri
from .places import Place, haversine_miles
from .search import distance_text
from .vocabulary import SETTING_GROUPS, Service, describe, vocabulary

SLUG_MAX_LENGTH = Facility._meta.get_field("slug").max_length
CHOOSING_ARTICLE = pgettext_lazy("article slug", "how-to-choose")
NOT_LISTED = _("Not listed")
NONE_LISTED = _("None listed")


# --- Rows -------------------------------------------------------------------------------------

# A cell: what a facility's column says on a row, in words, given the code sheet's labels.
Cell = Callable[[Facility, dict[str, Service]], str]


def _yes_no(*codes: str) -> Cell:
    return lambda facility, services: (
        gettext("Yes") if any(map(facility.has_code, codes)) else gettext("No")
    )


def _names(codes) -> Cell:
    return lambda facility, services: (
        ", ".join(describe(code, services).label for code in codes if facility.has_code(code))
        or str(NONE_LISTED)
    )


def _confirmed(field_name: str) -> Cell:
    return lambda facility, services: compare_cell(facility, field_name)


def _row_groups(services: dict[str, Service]) -> list[tuple[str, list[tuple[str, Cell]]]]:
    """The table's rows, grouped as the guide's "how to choose" advice reads."""
    payments = codes.PAYMENT_CODES
    return [
        (_("Type of program"), [(group.label, _yes_no(*group.codes)) for group in SETTING_GROUPS]),
        (
            _("Signs of quality"),
            [
                (_("Accreditation"), _names(codes.ACCREDITATION_CODES)),
                (_("Licences and certification"), _names(codes.LICENCE_CODES)),
            ],
        ),
        (
            _("Ways of working"),
            [(describe(code, services).label, _yes_no(code)) for code in codes.MAIN_APPROACH_CODES],
        ),
        (
            _("Care offered"),
            [
                (_("Care for mental health conditions too"), _yes_no(*codes.MENTAL_HEALTH_CODES)),
                (_("Family counseling"), _yes_no("FCO")),
                (_("Aftercare and continuing care"), _yes_no("ACC")),
                (_("Discharge planning"), _yes_no("DP")),
                (_("Medications for addiction"), _names(codes.MEDICATION_CODES)),
                (
                    _("Welcomes people who take medication prescribed elsewhere"),
                    _yes_no(*codes.PRESCRIBED_ELSEWHERE_CODES),
                ),
                (_("Help with transportation"), _yes_no("TA")),
            ],
        ),
        (
            _("Payment"),
            [
                (
                    _("Payment accepted"),
                    _names([c for c in payments if c not in codes.PAYMENT_HELP_CODES]),
                ),
                (_("Help paying"), _names(codes.PAYMENT_HELP_CODES)),
            ],
        ),
        (
            _("Who it serves"),
            [
                (_("Groups for"), _names(codes.GROUP_CODES)),
                (_("Ages"), _names(codes.AGE_CODES)),
                (_("Languages other than English"), _names(codes.LANGUAGE_CODES)),
            ],
        ),
        (
            _("IOP details"),
            [(detail.label, _confirmed(detail.field)) for detail in DETAILS],
        ),
    ]


@dataclass
class Column:
    slug: str
    facility: Facility | None = None
    distance: float | None = None

    @property
    def listed(self) -> bool:
        return self.facility is not None and self.facility.is_listed

    @property
    def tel(self) -> str:
        return (tel_uri(self.facility.phone) or "") if self.facility else ""


@dataclass
class Row:
    label: str
    cells: list[str]
    differs: bool


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


def _provenance(column) -> str:
    facility = column.facility
    if facility.findtreatment_checked_on:
        checked = date_format(facility.findtreatment_checked_on, gettext("F j, Y"))
        return gettext("%(source)s FindTreatment.gov, checked %(date)s.") % {
            "source": facility.source_note,
            "date": checked,
        }
    return facility.source_note


def _row(label: str, columns: list[Column], value: Callable[[Column], str]) -> Row:
    cells = [value(column) if column.listed else str(NOT_LISTED) for column in columns]
    listed_values = {cell for cell, column in zip(cells, columns, strict=True) if column.listed}
    return Row(label, cells, differs=len(listed_values) > 1)


def columns_for(slugs: list[str], place: Place | None) -> list[Column]:
    """One column a slug, in the reader's order; unknown slugs get an empty column."""
    # A value longer than any slug cannot match; it still gets its "no longer listed" column.
    lookup = [slug for slug in slugs if len(slug) <= SLUG_MAX_LENGTH]
    facilities = Facility.objects.in_bulk(lookup, field_name="slug") if lookup else {}
    columns = [Column(slug, facilities.get(slug)) for slug in slugs]
    if place and place.has_point:
        for column in columns:
            if column.listed and column.facility.latitude is not None:
                column.distance = haversine_miles(
                    place.latitude,
                    place.longitude,
                    column.facility.latitude,
                    column.facility.longitude,
                )
    return columns


def comparison_groups(
    columns: list[Column], place: Place | None, only_differences: bool = False
) -> list[Group]:
    services = vocabulary()
    groups = [
        Group(
            title,
            [
                _row(label, columns, lambda c, v=cell: v(c.facility, services))
                for label, cell in rows
            ],
        )
        for title, rows in _row_groups(services)
    ]
    listing = Group(gettext("About this listing"))
    if place and place.has_point:
        listing.rows.append(
            _row(
                gettext("Distance from %(place)s") % {"place": place.label},
                columns,
                lambda c: (
                    distance_text(c.distance, c.facility, place.zip_code) or gettext("Not known")
                ),
            )
        )
    listing.rows.append(_row(gettext("Where the listing comes from"), columns, _provenance))
    groups.append(listing)
    if only_differences:
        for group in groups:
            group.rows = [row for row in group.rows if row.differs]
        groups = [group for group in groups if group.rows]
    return groups


# --- Questions to ask -------------------------------------------------------------------------

# The English heading, or the Spanish twin's ("Preguntas para hacer ...").
QUESTIONS_HEADING = re.compile(r"^#{2,6}\s*(Questions to ask|Preguntas)\b", re.IGNORECASE)
NUMBERED_ITEM = re.compile(r"^\s*\d+[.)]\s+(.+)$")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

# Used when the choosing article is missing (e.g. a fresh database before content is loaded).
FALLBACK_QUESTIONS = (
    _(
        "Is your program licensed by the state, and is it accredited by The Joint Commission "
        "or CARF?"
    ),
    _("Which therapies do you use?"),
    _(
        "Do you treat mental health conditions like depression, anxiety, or trauma at the same "
        "time?"
    ),
    _("Do you accept people who take medicine for opioid or alcohol use disorder?"),
    _("How many hours a week is the program, and do you have morning or evening groups?"),
    _("Do you take my insurance, and what will I pay out of pocket?"),
    _("How soon can I start?"),
)


def numbered_list_after_heading(markdown: str) -> list[str]:
    """The numbered list under the "Questions to ask ..." heading, as plain text."""
    questions: list[str] = []
    in_section = False
    for line in markdown.splitlines():
        if QUESTIONS_HEADING.match(line):
            in_section = True
            continue
        if not in_section:
            continue
        if line.startswith("#"):
            break
        if item := NUMBERED_ITEM.match(line):
            text = MARKDOWN_LINK.sub(r"\1", item.group(1))
            questions.append(text.replace("**", "").replace("__", "").strip())
        elif line.strip() and questions:
            break
    return questions


def questions_to_ask() -> list[str]:
    body = (
        Article.objects.published()
        .filter(slug=str(CHOOSING_ARTICLE))
        .values_list("body", flat=True)
        .first()
    )
    return (body and numbered_list_after_heading(body)) or [str(q) for q in FALLBACK_QUESTIONS]
