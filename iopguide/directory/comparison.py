"""Compare Centers: the side-by-side table (rows follow the guide's "how to choose" advice), which
rows differ, and the questions to ask each center, taken from the choosing article."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from iopguide.guide.models import Article

from . import vocabulary as codes
from .listing_details import DETAILS, compare_cell
from .models import Facility
from .phones import tel_uri
from .places import Place, haversine_miles
from .search import distance_text
from .vocabulary import SETTING_GROUPS, Service, describe, vocabulary

SLUG_MAX_LENGTH = Facility._meta.get_field("slug").max_length
CHOOSING_ARTICLE = "how-to-choose"
NOT_LISTED = "Not listed"
NONE_LISTED = "None listed"


# --- Rows -------------------------------------------------------------------------------------

# A cell: what a facility's column says on a row, in words, given the code sheet's labels.
Cell = Callable[[Facility, dict[str, Service]], str]


def _yes_no(*codes: str) -> Cell:
    return lambda facility, services: "Yes" if any(map(facility.has_code, codes)) else "No"


def _names(codes) -> Cell:
    return lambda facility, services: (
        ", ".join(describe(code, services).label for code in codes if facility.has_code(code))
        or NONE_LISTED
    )


def _confirmed(field_name: str) -> Cell:
    return lambda facility, services: compare_cell(facility, field_name)


def _row_groups(services: dict[str, Service]) -> list[tuple[str, list[tuple[str, Cell]]]]:
    """The table's rows, grouped as the guide's "how to choose" advice reads."""
    payments = codes.PAYMENT_CODES
    return [
        ("Type of program", [(group.label, _yes_no(*group.codes)) for group in SETTING_GROUPS]),
        (
            "Signs of quality",
            [
                ("Accreditation", _names(codes.ACCREDITATION_CODES)),
                ("Licences and certification", _names(codes.LICENCE_CODES)),
            ],
        ),
        (
            "Ways of working",
            [(describe(code, services).label, _yes_no(code)) for code in codes.MAIN_APPROACH_CODES],
        ),
        (
            "Care offered",
            [
                ("Care for mental health conditions too", _yes_no(*codes.MENTAL_HEALTH_CODES)),
                ("Family counseling", _yes_no("FCO")),
                ("Aftercare and continuing care", _yes_no("ACC")),
                ("Discharge planning", _yes_no("DP")),
                ("Medications for addiction", _names(codes.MEDICATION_CODES)),
                (
                    "Welcomes people who take medication prescribed elsewhere",
                    _yes_no(*codes.PRESCRIBED_ELSEWHERE_CODES),
                ),
                ("Help with transportation", _yes_no("TA")),
            ],
        ),
        (
            "Payment",
            [
                (
                    "Payment accepted",
                    _names([c for c in payments if c not in codes.PAYMENT_HELP_CODES]),
                ),
                ("Help paying", _names(codes.PAYMENT_HELP_CODES)),
            ],
        ),
        (
            "Who it serves",
            [
                ("Groups for", _names(codes.GROUP_CODES)),
                ("Ages", _names(codes.AGE_CODES)),
                ("Languages other than English", _names(codes.LANGUAGE_CODES)),
            ],
        ),
        (
            "IOP details",
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
        checked = facility.findtreatment_checked_on.strftime("%B %-d, %Y")
        return f"{facility.source_note} FindTreatment.gov, checked {checked}."
    return facility.source_note


def _row(label: str, columns: list[Column], value: Callable[[Column], str]) -> Row:
    cells = [value(column) if column.listed else NOT_LISTED for column in columns]
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
    listing = Group("About this listing")
    if place and place.has_point:
        listing.rows.append(
            _row(
                f"Distance from {place.label}",
                columns,
                lambda c: distance_text(c.distance, c.facility, place.zip_code) or "Not known",
            )
        )
    listing.rows.append(_row("Where the listing comes from", columns, _provenance))
    groups.append(listing)
    if only_differences:
        for group in groups:
            group.rows = [row for row in group.rows if row.differs]
        groups = [group for group in groups if group.rows]
    return groups


# --- Questions to ask -------------------------------------------------------------------------

QUESTIONS_HEADING = re.compile(r"^#{2,6}\s*Questions to ask\b", re.IGNORECASE)
NUMBERED_ITEM = re.compile(r"^\s*\d+[.)]\s+(.+)$")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

# Used when the choosing article is missing (e.g. a fresh database before content is loaded).
FALLBACK_QUESTIONS = (
    "Is your program licensed by the state, and is it accredited by The Joint Commission or CARF?",
    "Which therapies do you use?",
    "Do you treat mental health conditions like depression, anxiety, or trauma at the same time?",
    "Do you accept people who take medicine for opioid or alcohol use disorder?",
    "How many hours a week is the program, and do you have morning or evening groups?",
    "Do you take my insurance, and what will I pay out of pocket?",
    "How soon can I start?",
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
        .filter(slug=CHOOSING_ARTICLE)
        .values_list("body", flat=True)
        .first()
    )
    return (body and numbered_list_after_heading(body)) or list(FALLBACK_QUESTIONS)
