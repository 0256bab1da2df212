"""Places for Find Rehab, located offline: ZIP codes, cities and states through the `zipcodes`
package's data (never a network geocoder), and distances between points."""

import difflib
import math
import re
import string
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import zipcodes
from django.utils.translation import gettext

from .states import STATE_CODES_BY_NAME, STATE_NAMES, state_code

EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Place:
    label: str
    state: str
    kind: str  # "zip", "city" or "state"
    latitude: float | None = None
    longitude: float | None = None
    zip_code: str = ""  # when the reader searched a ZIP

    @property
    def has_point(self) -> bool:
        return self.latitude is not None


@dataclass
class Located:
    """The outcome of locating what a reader typed: a place, or why not and what to try."""

    place: Place | None = None
    problem: str = ""
    suggestions: list[str] = field(default_factory=list)
    state: str | None = None  # the state the reader probably meant, for a link to its page


# ASCII digits only: \d also matches other scripts' digits ("٢٢٩٠١"), which crash the ZIP library.
ZIP_RE = re.compile(r"^(\d{5})(?:[-\s]?\d{4})?$", re.ASCII)


def load_zip_list() -> None:
    """Load the ZIP list and its index now: the first lookup in a process reads it (a quarter of
    a second or more), and that should not be a reader's first search (iopguide.startup)."""
    _zip_points()


def locate(text: str) -> Located:
    """Locate a ZIP (5 digits or ZIP+4), "City, ST", "City State", or a state, offline."""
    text = " ".join(text.split())
    if not text:
        return Located(problem=gettext("Enter a ZIP code, a city and state, or a state."))
    if match := ZIP_RE.match(text):
        return _locate_zip(match.group(1))
    if code := state_code(text):
        return Located(_state_place(code))
    city, code = _split_city_state(text)
    if code:
        return _locate_city(city, code)
    return _locate_city_anywhere(city, typed=text)


def _state_place(code: str) -> Place:
    return Place(label=STATE_NAMES[code], state=code, kind="state")


@lru_cache(maxsize=1)
def _zip_points() -> dict[str, tuple[str, str, float, float]]:
    """ZIP -> (city, state, latitude, longitude), for every ZIP in the list. zipcodes.matching()
    scans all 42,000 rows (about 5 ms, half a first-time search); a dict is one lookup."""
    points = {}
    for row in zipcodes.list_all():
        points.setdefault(
            row["zip_code"], (row["city"], row["state"], float(row["lat"]), float(row["long"]))
        )
    return points


def _zip_point(zip5: str) -> tuple[str, str, float, float] | None:
    """(city, state, latitude, longitude) of a ZIP, or None for a ZIP not in the list."""
    return _zip_points().get(zip5)


def _locate_zip(zip5: str) -> Located:
    if point := _zip_point(zip5):
        city, state, latitude, longitude = point
        return Located(
            Place(f"{city}, {state} {zip5}", state, "zip", latitude, longitude, zip_code=zip5)
        )
    # ZIPs that share the first three digits are in the same area, so probably the same state.
    neighbours = zipcodes.similar_to(zip5[:3])
    state = neighbours[0]["state"] if neighbours else None
    return Located(
        problem=gettext("We could not find the ZIP code %(zip)s.") % {"zip": zip5}, state=state
    )


def _split_city_state(text: str) -> tuple[str, str | None]:
    """("Charlottesville, VA") -> ("Charlottesville", "VA"); the state may be a name, and the
    comma may be missing ("Buffalo New York")."""
    if "," in text:
        city, _, state_text = text.rpartition(",")
        return city.strip(" ,"), state_code(state_text)
    words = text.split()
    for count in (3, 2, 1):
        if len(words) > count and (code := state_code(" ".join(words[-count:]))):
            return " ".join(words[:-count]), code
    return text, None


def _city_key(name: str) -> str:
    """Compare city names loosely: case, dots and the usual abbreviations ("St." for "Saint")."""
    words = name.lower().replace(".", " ").replace("-", " ").split()
    abbreviations = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
    return " ".join(abbreviations.get(word, word) for word in words)


@dataclass(frozen=True)
class _City:
    name: str
    latitude: float
    longitude: float
    official: bool  # False for the post office's other accepted names ("Charlottesvle")


@lru_cache(maxsize=64)
def _cities(state: str) -> dict[str, _City]:
    """City key -> city in a state; a city's point is the centre of its ZIP codes."""
    names: dict[str, str] = {}
    official: set[str] = set()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in zipcodes.filter_by(state=state):
        point = (float(row["lat"]), float(row["long"]))
        official.add(_city_key(row["city"]))
        for name in [row["city"], *row["acceptable_cities"]]:
            key = _city_key(name)
            names.setdefault(key, string.capwords(name) if name.isupper() else name)
            points[key].append(point)
    return {
        key: _City(
            names[key],
            sum(lat for lat, _ in spots) / len(spots),
            sum(lon for _, lon in spots) / len(spots),
            key in official,
        )
        for key, spots in points.items()
    }


def _locate_city(city: str, state: str) -> Located:
    if not city:
        return Located(_state_place(state))
    cities = _cities(state)
    key = _city_key(city)
    if key in cities:
        found = cities[key]
        return Located(
            Place(f"{found.name}, {state}", state, "city", found.latitude, found.longitude)
        )
    official = [candidate for candidate, found in cities.items() if found.official]
    close = difflib.get_close_matches(key, official, n=5, cutoff=0.75)
    return Located(
        problem=gettext("We could not find %(city)s in %(state)s.")
        % {"city": city, "state": STATE_NAMES.get(state, state)},
        suggestions=list(dict.fromkeys(f"{cities[match].name}, {state}" for match in close)),
        state=state,
    )


def _locate_city_anywhere(city: str, typed: str) -> Located:
    """A city typed without a (recognisable) state: use it if only one state has it."""
    states = sorted(
        {
            row["state"]
            for spelling in dict.fromkeys([string.capwords(city), city])
            for row in zipcodes.filter_by(city=spelling)
            if row["state"] in STATE_NAMES
        }
    )
    if len(states) == 1:
        return _locate_city(city, states[0])
    if states:
        return Located(
            problem=gettext("There is a %(city)s in more than one state. Which one did you mean?")
            % {"city": city},
            suggestions=[f"{string.capwords(city)}, {state}" for state in states[:12]],
        )
    close_states = difflib.get_close_matches(typed.lower(), STATE_CODES_BY_NAME, n=3, cutoff=0.75)
    return Located(
        problem=gettext(
            "We could not find %(place)s. Try a ZIP code, or a city with its state (for example "
            '"Richmond, VA").'
        )
        % {"place": typed},
        suggestions=list(dict.fromkeys(STATE_NAMES[STATE_CODES_BY_NAME[s]] for s in close_states)),
    )


# --- Distance ---------------------------------------------------------------------------------


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles."""
    return miles_from(lat1, lon1)(lat2, lon2)


def miles_from(latitude: float, longitude: float):
    """The great-circle (haversine) distance in miles from this point, as a function of another
    point's latitude and longitude: what depends on this point alone is worked out once, for
    Find Rehab measures a thousand candidates or more from one place."""
    phi1 = math.radians(latitude)
    cos_phi1 = math.cos(phi1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt

    def miles(lat2: float, lon2: float) -> float:
        phi2 = radians(lat2)
        a = (
            sin((phi2 - phi1) / 2) ** 2
            + cos_phi1 * cos(phi2) * sin(radians(lon2 - longitude) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_MILES * asin(sqrt(a))

    return miles


def bounding_box(latitude: float, longitude: float, miles: float):
    """(south, north, west, east) of the smallest latitude/longitude box holding the circle."""
    angle = miles / EARTH_RADIUS_MILES
    d_lat = math.degrees(angle)
    cos_lat = math.cos(math.radians(latitude))
    d_lon = (
        180.0 if cos_lat <= math.sin(angle) else math.degrees(math.asin(math.sin(angle) / cos_lat))
    )
    return latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon
