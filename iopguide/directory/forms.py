"""The query string of Find Rehab and Compare Centers, read by one Form, so both pages follow one
policy for the parameters they share (`near`, `ids`) and Find Rehab's filters are read in one
place. Bad values a reader could plausibly send are dropped with a note on the page; a query
string no form of ours would send (too long, too repetitive, more than MAX_COMPARED programs)
is answered 400 by the views."""

from django import forms
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.translation import gettext

from .filters import CODE_FILTERS, DEFAULT_SETTINGS, EDITOR_FILTERS, SETTING
from .search import DEFAULT_RADIUS, RADIUS_CHOICES, SORT_CHOICES, FacilitySearch

MAX_COMPARED = 4  # programs side by side on Compare Centers (STYLE habit 10: 400 past the cap)

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


class UnreadableSearch(Exception):
    """A query string the form refuses (answered 400 with this message)."""


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


def quoted(values: list[str]) -> str:
    """Bad values as a note repeats them: quoted, cut short, only the first few."""
    shown = [f"“{value[:NOTE_VALUE_LENGTH]}”" for value in values[:NOTE_VALUE_COUNT]]
    more = len(values) - len(shown)
    if more > 0:
        return gettext("%(values)s and %(count)s more") % {
            "values": ", ".join(shown),
            "count": more,
        }
    return ", ".join(shown)


class ListField(forms.Field):
    """Values from repeated and/or comma-separated parameters (`ids=a,b&ids=c`, as links and
    checkboxes send them), stripped, in order, once each."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, upper=False, **kwargs):
        super().__init__(required=False, **kwargs)
        self.upper = upper

    def to_python(self, value):
        parts = (part.strip() for raw in value or () for part in raw.split(","))
        values = (part.upper() if self.upper else part for part in parts if part)
        return list(dict.fromkeys(values))


class TextField(forms.Field):
    """One value (the last, as QueryDict.get gives it), stripped unless asked not to; "" when
    absent. Unlike CharField it refuses no NUL: a place with one is just a place we can't find."""

    def __init__(self, *, strip=True):
        super().__init__(required=False)
        self.strip = strip

    def to_python(self, value):
        value = value or ""
        return value.strip() if self.strip else value


class FacilitySearchForm(forms.Form):
    """Every parameter of /find-rehab/ and /compare/. `search()` gives the cleaned values as a
    FacilitySearch; `notes` says what was dropped, in the order the parameters are listed."""

    near = TextField(strip=False)
    radius = TextField()
    ids = ListField()
    sort = TextField()
    page = TextField()
    diff = TextField()

    def __init__(self, data: QueryDict):
        super().__init__(data)
        declared = dict(self.fields)
        self.fields = {"near": declared.pop("near"), "radius": declared.pop("radius")}
        self.fields |= {f.param: ListField(upper=True) for f in CODE_FILTERS}
        self.fields |= {f.param: TextField() for f in EDITOR_FILTERS}
        self.fields |= declared
        self._notes: dict[str, str] = {}

    @property
    def notes(self) -> list[str]:
        return [self._notes[name] for name in self.fields if name in self._notes]

    def clean_near(self):
        near = " ".join(self.cleaned_data["near"].split())
        if len(near) > MAX_NEAR_LENGTH:
            self._notes["near"] = gettext(
                "The place you typed was too long, so we used its first %(count)s characters."
            ) % {"count": MAX_NEAR_LENGTH}
        return near[:MAX_NEAR_LENGTH]

    def clean_radius(self):
        radius = self.cleaned_data["radius"]
        if radius.isdigit() and int(radius) in RADIUS_CHOICES:
            return int(radius)
        if radius:
            self._notes["radius"] = gettext(
                "We can't search within %(value)s miles, so we used %(default)s miles."
            ) % {"value": quoted([radius]), "default": DEFAULT_RADIUS}
        return DEFAULT_RADIUS

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if len(ids) > MAX_COMPARED:
            raise forms.ValidationError(
                gettext(
                    "You picked %(count)s programs. You can compare up to %(most)s at a time: go "
                    "back and untick some."
                )
                % {"count": len(ids), "most": MAX_COMPARED}
            )
        return tuple(ids)

    def clean_sort(self):
        sort = self.cleaned_data["sort"]
        if sort and sort not in SORT_CHOICES:
            self._notes["sort"] = gettext(
                "We can't sort by %(value)s, so we sorted by distance."
            ) % {"value": quoted([sort])}
        return sort if sort in SORT_CHOICES else "distance"

    def clean_page(self):
        page = self.cleaned_data["page"]
        if page.isdigit() and int(page) >= 1:
            return int(page)
        if page:
            self._notes["page"] = gettext(
                "There is no page %(value)s, so we show the first page."
            ) % {"value": quoted([page])}
        return 1

    def clean_diff(self):
        return self.cleaned_data["diff"] == "1"

    def clean(self):
        cleaned = super().clean()
        codes = {}
        for code_filter in CODE_FILTERS:
            values = cleaned.get(code_filter.param, [])
            known = set(code_filter.codes)
            codes[code_filter.param] = tuple(v for v in values if v in known)
            if unknown := [v for v in values if v not in known]:
                self._notes[code_filter.param] = gettext(
                    "We ignored %(values)s under “%(filter)s”: we don't know that choice."
                ) % {"values": quoted(unknown), "filter": code_filter.legend}
        # The form always sends "setting" (empty when nothing is ticked), so only a bare link
        # without it gets the site's default: intensive outpatient programs.
        if SETTING.param not in self.data:
            codes[SETTING.param] = DEFAULT_SETTINGS
        flags = []
        for editor_filter in EDITOR_FILTERS:
            value = cleaned.get(editor_filter.param, "").lower()
            if value in TRUE_VALUES:
                flags.append(editor_filter.param)
            elif value:
                self._notes[editor_filter.param] = gettext(
                    "We ignored %(value)s for “%(filter)s”: use 1 to turn it on."
                ) % {"value": quoted([value]), "filter": editor_filter.label}
        cleaned["codes"], cleaned["flags"] = codes, tuple(flags)
        return cleaned

    def problem(self) -> str:
        """Why an invalid form is refused, in the reader's words."""
        return " ".join(message for messages in self.errors.values() for message in messages)

    def search(self) -> FacilitySearch:
        data = self.cleaned_data
        return FacilitySearch(
            near=data["near"],
            radius=data["radius"],
            sort=data["sort"],
            page=data["page"],
            codes=data["codes"],
            flags=data["flags"],
            compare=data["ids"],
            only_differences=data["diff"],
            notes=self.notes,
        )


def parse_search(query_string: str) -> FacilitySearch:
    """A reader's search from a query string; TooManyParameters or UnreadableSearch when it is
    none our forms would send."""
    form = FacilitySearchForm(read_query_string(query_string))
    if not form.is_valid():
        raise UnreadableSearch(form.problem())
    return form.search()
