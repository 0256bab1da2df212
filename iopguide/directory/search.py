"""Find Rehab's query: a reader's search (FacilitySearch, read from the query string by
forms.FacilitySearchForm), the links that change it, and the active facilities it finds near a
place (`places.locate`).

Speed: a bounding box on the indexed latitude/longitude (or the state) picks the candidates in one
query that returns four columns; the exact (haversine) distance is computed for those few only,
and the 20 facilities of the page are fetched in one more query.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .filters import CODE_FILTERS, DEFAULT_SETTINGS, EDITOR_FILTERS, SETTING
from .listing_details import DETAILS_BY_FIELD, fresh_since
from .models import Facility
from .places import Place, bounding_box, miles_from

RADIUS_CHOICES = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
PAGE_SIZE = 20
SORT_CHOICES = {"distance": _("Distance"), "name": _("Name")}


@dataclass
class FacilitySearch:
    """A reader's search on Find Rehab (and the selection Compare Centers shows), with a note for
    anything the form dropped."""

    near: str = ""
    radius: int = DEFAULT_RADIUS
    sort: str = "distance"
    page: int = 1
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()  # slugs picked for Compare Centers, carried between searches
    only_differences: bool = False  # Compare Centers' diff=1
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
        for editor_filter in self.editor_filters:
            # Only a recent "no" rules a program out; an unknown or old answer stays (ranked
            # after the confirmed ones and marked), so no program is silently dropped.
            detail = DETAILS_BY_FIELD[editor_filter.field]
            facilities = facilities.exclude(
                **{
                    editor_filter.field: False,
                    f"{detail.confirmed_on_field}__gte": fresh_since(detail.field),
                }
            )
        return facilities

    @property
    def editor_filters(self) -> list:
        return [f for f in EDITOR_FILTERS if f.param in self.flags]

    def confirmed_columns(self) -> list[str]:
        """The columns that say whether a program is confirmed for every editor filter picked."""
        return [
            name
            for f in self.editor_filters
            for name in (f.field, DETAILS_BY_FIELD[f.field].confirmed_on_field)
        ]

    def is_confirmed(self, values: tuple) -> bool:
        """Whether (value, confirmed on) pairs, as confirmed_columns() lists them, all say a
        recent yes."""
        pairs = zip(values[::2], values[1::2], strict=True)
        fields = [f.field for f in self.editor_filters]
        return all(
            value is True and on is not None and on >= fresh_since(field)
            for (value, on), field in zip(pairs, fields, strict=True)
        )


def compare_url(slugs, near: str = "", only_differences: bool = False) -> str:
    """Compare Centers for these programs (and the place distances are measured from)."""
    params = {"ids": ",".join(slugs)}
    if near:
        params["near"] = near
    if only_differences:
        params["diff"] = "1"
    return f"{reverse('directory:compare')}?{urlencode(params)}"


def find_rehab_url(slugs, near: str = "") -> str:
    """Back to Find Rehab with the selection (and place), so readers can add to it."""
    params = {key: value for key, value in (("near", near), ("ids", ",".join(slugs))) if value}
    return reverse("directory:find_rehab") + (f"?{urlencode(params)}" if params else "")


def distance_text(distance: float | None, facility: Facility, searched_zip: str = "") -> str:
    """How far, and how sure: a listing placed at its ZIP's center (the national directory gives
    no map point) gets an approximate distance that says so, never a precise-looking one."""
    if distance is None:
        return ""
    if facility.location_precision != Facility.LocationPrecision.ZIP:
        return gettext("%(miles)s miles") % {"miles": f"{distance:.1f}"}
    if facility.zip_code == searched_zip:
        return gettext("In ZIP %(zip)s, the ZIP you searched") % {"zip": searched_zip}
    if distance < 1:
        return gettext("less than a mile, from the center of ZIP %(zip)s") % {
            "zip": facility.zip_code
        }
    return gettext("about %(miles)s miles, from the center of ZIP %(zip)s") % {
        "miles": round(distance),
        "zip": facility.zip_code,
    }


@dataclass
class Result:
    facility: Facility
    distance: float | None
    confirmed: bool = True  # for the editor filters picked (always, when none is)


@dataclass
class Results:
    place: Place
    results: list[Result]
    page: Page
    confirmed_total: int = 0  # results confirmed for every editor filter picked

    @property
    def total(self) -> int:
        return self.page.paginator.count


# What a result card shows of its facility (find_rehab_page.result_card): the page's rows are
# read with these columns only, as model instances cost far less without the rest.
CARD_FIELDS = (
    "name",
    "program_name",
    "slug",
    "street1",
    "city",
    "state",
    "zip_code",
    "phone",
    "location_precision",
    "service_codes",
)


def find_facilities(place: Place, query: FacilitySearch) -> Results:
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
    columns = query.confirmed_columns()
    candidates = facilities.order_by().values_list("pk", "name", "latitude", "longitude", *columns)
    ranked = rank(candidates, place, query)
    page = Paginator(ranked, PAGE_SIZE).get_page(query.page)
    by_pk = (
        Facility.objects.order_by().only(*CARD_FIELDS).in_bulk([row[3] for row in page.object_list])
    )
    results = [
        Result(by_pk[pk], distance, confirmed=not unconfirmed)
        for unconfirmed, distance, _, pk in page.object_list
        if pk in by_pk
    ]
    confirmed_total = sum(1 for row in ranked if not row[0])
    return Results(place, results, page, confirmed_total)


def rank(candidates, place: Place, query: FacilitySearch) -> list[tuple]:
    """(unconfirmed, distance, name, pk) for the candidates in the circle, in the page's order:
    programs confirmed for the editor filters picked first, then by distance or name."""
    ranked = []
    if place.has_point:
        miles, radius = miles_from(place.latitude, place.longitude), query.radius
        check = query.is_confirmed if query.editor_filters else None
        for pk, name, latitude, longitude, *details in candidates:
            distance = miles(latitude, longitude)
            if distance <= radius:
                unconfirmed = check is not None and not check(tuple(details))
                ranked.append((unconfirmed, distance, name.casefold(), pk))
    else:
        for pk, name, _, _, *details in candidates:
            unconfirmed = bool(details) and not query.is_confirmed(tuple(details))
            ranked.append((unconfirmed, None, name.casefold(), pk))
    if place.has_point and query.sort == "distance":
        ranked.sort()  # False (confirmed) sorts before True
    else:
        ranked.sort(key=lambda row: (row[0], row[2], row[3]))
    return ranked
