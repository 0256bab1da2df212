"""Find Rehab: read the reader's filters from the query string and find active facilities near a
place (`places.locate`).

Speed: a bounding box on the indexed latitude/longitude (or the state) picks the candidates in one
query that returns four columns; the exact (haversine) distance is computed for those few only,
and the 20 facilities of the page are fetched in one more query.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import TooManyFieldsSent
from django.core.paginator import Page, Paginator
from django.http import QueryDict

from .models import Facility
from .phones import tel_uri
from .places import Place, bounding_box, haversine_miles
from .vocabulary import Service, describe, setting_labels, vocabulary

RADIUS_CHOICES = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
PAGE_SIZE = 20
SORT_CHOICES = {"distance": "Distance", "name": "Name"}
MAX_COMPARED = 4  # programs side by side on Compare Centers

# Limits on what a query string may carry. Longer places are cut (with a note); a parameter
# repeated more often than this, or a query string longer than this, is answered 400.
MAX_NEAR_LENGTH = 100
MAX_VALUES_PER_PARAMETER = 40
MAX_QUERY_STRING_LENGTH = 4000
# How much of a bad value a note repeats back to the reader, and how many of them.
NOTE_VALUE_LENGTH = 20
NOTE_VALUE_COUNT = 5

TRUE_VALUES = {"1", "on", "yes", "true"}


class TooManyParameters(Exception):
    """The query string is too long or repeats a parameter too often to be a reader's search."""


# --- Filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeFilter:
    """A filter on SAMHSA service codes; the codes are the parameter's values."""

    param: str
    legend: str
    explanation: str
    codes: tuple[str, ...]  # labels come from the code sheet (vocabulary)
    match_all: bool = False  # True: a program must offer every code picked; False: any of them

    def choices(self, services: dict[str, Service]) -> list[tuple[str, str]]:
        return [(code, describe(code, services).label) for code in self.codes]


@dataclass(frozen=True)
class EditorFilter:
    """A yes/no filter on a fact our directory editors check (SAMHSA does not publish it)."""

    param: str
    label: str
    field: str


SETTING = CodeFilter(
    "setting",
    "Type of program",
    "How many hours of care you get and where you stay. An intensive outpatient program (IOP) "
    "meets several hours a day, 3 to 5 days a week, while you live at home.",
    ("OIT", "ODT", "ORT", "OP", "RES", "DT", "HI"),
)
PAYMENT = CodeFilter(
    "pay",
    "Payment and insurance",
    "What the program accepts. Call to check your own plan: what it covers can differ.",
    ("MD", "MC", "PI", "SI", "MI", "SF", "SS", "PA", "NP", "ITU"),
)
GROUP = CodeFilter(
    "group",
    "Groups for people like you",
    "Some programs run groups for people who share an experience. Many people find it easier "
    "to open up there.",
    (
        "AD",
        "TAY",
        "WN",
        "PW",
        "MN",
        "SE",
        "GL",
        "VET",
        "ADM",
        "MF",
        "CJ",
        "CO",
        "COPSU",
        "HV",
        "XA",
        "DV",
        "TRMA",
    ),
)
LANGUAGE = CodeFilter(
    "lang",
    "Language",
    "Counseling in a language other than English, or in sign language.",
    (
        "SP",
        "AH",
        "NX",
        "F4",
        "F17",
        "F19",
        "F25",
        "F28",
        "F30",
        "F31",
        "F35",
        "F36",
        "F37",
        "F42",
        "F43",
        "F47",
        "F66",
        "F67",
        "F70",
        "F81",
        "F92",
        "N24",
        "N40",
        "FX",
    ),
)
AGE = CodeFilter(
    "age",
    "Age",
    "The ages a program accepts.",
    ("CHLD", "YAD", "ADLT", "SNR"),
)
APPROACH = CodeFilter(
    "approach",
    "Ways of working",
    "Methods that research shows can help. We show programs that use every one you pick.",
    ("CBT", "MOTI", "TRC", "TWFA", "RELP", "CMI", "MXM", "TELE"),
    match_all=True,
)
MEDICATION = CodeFilter(
    "mat",
    "Medications for addiction",
    "Medicines such as buprenorphine, methadone and naltrexone lower the risk of relapse and "
    "overdose.",
    ("BU", "MU", "NU", "PMAT", "MOA"),
)
CODE_FILTERS = (SETTING, PAYMENT, GROUP, LANGUAGE, AGE, APPROACH, MEDICATION)

EDITOR_FILTERS = (
    EditorFilter("evening", "Evening IOP groups (after 5 pm)", "evening_track"),
    EditorFilter("weekend", "Weekend IOP groups", "weekend_track"),
    EditorFilter("telehealth", "IOP online (telehealth)", "telehealth_iop"),
)
EDITOR_FILTERS_LEGEND = "Schedule and format"
EDITOR_FILTERS_EXPLANATION = (
    "Our editors check these with each program. Programs they have not checked yet are left out "
    "when you pick one."
)
DEFAULT_SETTINGS = ("OIT",)


@dataclass
class SearchQuery:
    """A reader's search as read from the query string, with a note for anything we ignored."""

    near: str = ""
    radius: int = DEFAULT_RADIUS
    sort: str = "distance"
    page: int = 1
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()  # slugs picked for Compare Centers, carried between searches
    notes: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return (
            bool(self.flags)
            or any(codes for param, codes in self.codes.items() if param != SETTING.param)
            or self.codes.get(SETTING.param) != DEFAULT_SETTINGS
        )

    def url_query(self, *, keep_filters=True, **changes) -> str:
        """This search as a query string (for links), with some values changed; page and
        filters are dropped unless asked for, so a changed search starts on its first page.
        The compare selection always goes along."""
        values = {"near": self.near, "radius": self.radius, "sort": self.sort} | changes
        params = [("near", values["near"]), ("radius", values["radius"])]
        compare = values.get("compare", self.compare)
        if compare:
            params.append(("ids", ",".join(compare)))
        if keep_filters:
            params.append((SETTING.param, ""))  # keeps "no setting ticked" distinct from default
            params += [(param, code) for param, codes in self.codes.items() for code in codes]
            params += [(flag, "1") for flag in self.flags]
        if values["sort"] != "distance":
            params.append(("sort", values["sort"]))
        if values.get("page", 1) != 1:
            params.append(("page", values["page"]))
        return urlencode(params)

    def filter(self, facilities):
        for code_filter in CODE_FILTERS:
            codes = self.codes.get(code_filter.param)
            if not codes:
                continue
            if code_filter.match_all:
                for code in codes:
                    facilities = facilities.with_code(code)
            else:
                facilities = facilities.with_any_code(codes)
        for editor_filter in EDITOR_FILTERS:
            if editor_filter.param in self.flags:
                facilities = facilities.filter(**{editor_filter.field: True})
        return facilities


def split_ids(params) -> list[str]:
    """Facility slugs from `ids=a,b,c` and/or repeated `ids=` (checkboxes), in order, once each."""
    slugs = [
        part.strip() for value in params.getlist("ids") for part in value.split(",") if part.strip()
    ]
    return list(dict.fromkeys(slugs))


def _quoted(values: list[str]) -> str:
    shown = [f"“{value[:NOTE_VALUE_LENGTH]}”" for value in values[:NOTE_VALUE_COUNT]]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def read_query_string(query_string: str) -> QueryDict:
    """The parameters of a query string our forms could have sent; one too long or too
    repetitive (or over Django's field limit) raises TooManyParameters, answered 400."""
    if len(query_string) > MAX_QUERY_STRING_LENGTH:
        raise TooManyParameters
    try:
        params = QueryDict(query_string)
    except TooManyFieldsSent as error:
        raise TooManyParameters from error
    if any(len(params.getlist(key)) > MAX_VALUES_PER_PARAMETER for key in params):
        raise TooManyParameters
    return params


def parse_search(query_string: str) -> SearchQuery:
    """Read a search from the query string. Bad values are dropped with a note; only a query
    string no form of ours would send raises TooManyParameters (a 400)."""
    params = read_query_string(query_string)
    query = SearchQuery()
    notes = query.notes

    near = " ".join(params.get("near", "").split())
    if len(near) > MAX_NEAR_LENGTH:
        near = near[:MAX_NEAR_LENGTH]
        notes.append(
            f"The place you typed was too long, so we used its first {MAX_NEAR_LENGTH} characters."
        )
    query.near = near

    radius = params.get("radius", "").strip()
    if radius:
        if radius.isdigit() and int(radius) in RADIUS_CHOICES:
            query.radius = int(radius)
        else:
            notes.append(
                f"We can't search within {_quoted([radius])} miles, so we used "
                f"{DEFAULT_RADIUS} miles."
            )

    for code_filter in CODE_FILTERS:
        values = [
            value.strip().upper()
            for raw in params.getlist(code_filter.param)
            for value in raw.split(",")
            if value.strip()
        ]
        known = set(code_filter.codes)
        query.codes[code_filter.param] = tuple(dict.fromkeys(v for v in values if v in known))
        unknown = list(dict.fromkeys(v for v in values if v not in known))
        if unknown:
            notes.append(
                f"We ignored {_quoted(unknown)} under “{code_filter.legend}”: we don't "
                "know that choice."
            )
    # The form always sends "setting" (empty when nothing is ticked), so only a bare link
    # without it gets the site's default: intensive outpatient programs.
    if SETTING.param not in params:
        query.codes[SETTING.param] = DEFAULT_SETTINGS

    flags = []
    for editor_filter in EDITOR_FILTERS:
        value = params.get(editor_filter.param, "").strip().lower()
        if value in TRUE_VALUES:
            flags.append(editor_filter.param)
        elif value:
            notes.append(
                f"We ignored {_quoted([value])} for “{editor_filter.label}”: use 1 to turn it on."
            )
    query.flags = tuple(flags)

    compare = split_ids(params)
    if len(compare) > MAX_COMPARED:
        notes.append(f"You can compare up to {MAX_COMPARED} programs, so we kept the first ones.")
    query.compare = tuple(compare[:MAX_COMPARED])

    sort = params.get("sort", "").strip()
    if sort in SORT_CHOICES:
        query.sort = sort
    elif sort:
        notes.append(f"We can't sort by {_quoted([sort])}, so we sorted by distance.")

    page = params.get("page", "").strip()
    if page:
        if page.isdigit() and int(page) >= 1:
            query.page = int(page)
        else:
            notes.append(f"There is no page {_quoted([page])}, so we show the first page.")
    return query


# --- Results ----------------------------------------------------------------------------------


def payments_accepted(facility: Facility, services, wanted=()) -> list[tuple[str, bool]]:
    """(label, whether the reader asked for it) for each payment the facility accepts."""
    return [
        (label, code in wanted)
        for code, label in PAYMENT.choices(services)
        if facility.has_code(code)
    ]


def distance_text(distance: float | None, facility: Facility, searched_zip: str = "") -> str:
    """How far, and how sure: a listing placed at its ZIP's center (the national directory gives
    no map point) gets an approximate distance that says so, never a precise-looking one."""
    if distance is None:
        return ""
    if facility.location_precision != Facility.LocationPrecision.ZIP:
        return f"{distance:.1f} miles"
    if facility.zip_code == searched_zip:
        return f"In ZIP {searched_zip}, the ZIP you searched"
    about = "less than a mile" if distance < 1 else f"about {round(distance)} miles"
    return f"{about}, from the center of ZIP {facility.zip_code}"


@dataclass
class Result:
    facility: Facility
    distance: float | None
    services: dict[str, Service]
    wanted_payments: tuple[str, ...] = ()
    searched_zip: str = ""

    def card(self) -> dict:
        """What a results page shows of the facility, as plain values: a template reads a dict
        far faster than model attributes, and a page has 20 of these."""
        facility = self.facility
        street = f"{facility.street1}, " if facility.street1 else ""
        return {
            "name": facility.name,
            "program": facility.program_name,
            "url": facility.get_absolute_url(),
            "slug": facility.slug,
            "address": f"{street}{facility.city}, {facility.state} {facility.zip_code}",
            "distance": distance_text(self.distance, facility, self.searched_zip),
            "phone": facility.phone,
            "tel": tel_uri(facility.phone) or "",
            "settings": setting_labels(facility.code_list),
            "payments": payments_accepted(facility, self.services, self.wanted_payments),
        }


@dataclass
class Results:
    place: Place
    results: list[Result]
    page: Page

    @property
    def total(self) -> int:
        return self.page.paginator.count


def find_facilities(place: Place, query: SearchQuery, services=None) -> Results:
    """Active facilities matching the query within the radius of a point, or in a state.

    One query returns four small columns for the candidates (the bounding box or the state);
    distance, sorting and the count happen here; a second query fetches the page's rows."""
    facilities = query.filter(Facility.objects.active())
    if place.has_point:
        south, north, west, east = bounding_box(place.latitude, place.longitude, query.radius)
        facilities = facilities.filter(
            latitude__range=(south, north), longitude__range=(west, east)
        )
    else:
        facilities = facilities.filter(state=place.state)
    ranked = []
    for pk, name, latitude, longitude in facilities.order_by().values_list(
        "pk", "name", "latitude", "longitude"
    ):
        distance = None
        if place.has_point:
            distance = haversine_miles(place.latitude, place.longitude, latitude, longitude)
            if distance > query.radius:
                continue
        ranked.append((distance, name.casefold(), pk))
    if place.has_point and query.sort == "distance":
        ranked.sort()
    else:
        ranked.sort(key=lambda row: (row[1], row[2]))
    page = Paginator(ranked, PAGE_SIZE).get_page(query.page)
    by_pk = Facility.objects.in_bulk([pk for _, _, pk in page.object_list])
    services = vocabulary() if services is None else services  # the code sheet's labels
    wanted = query.codes.get(PAYMENT.param, ())
    results = [
        Result(by_pk[pk], distance, services, wanted, place.zip_code)
        for distance, _, pk in page.object_list
        if pk in by_pk
    ]
    return Results(place, results, page)
