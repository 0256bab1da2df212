"""What the Find Rehab page shows, as plain values for directory/find_rehab.html, which holds all
of its markup. Values are dicts and strings: the template engine reads a dict far faster than a
model's attributes, and a page has 20 results and some 80 filter checkboxes."""

from dataclasses import replace

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from iopguide.core.cache import versioned_key
from iopguide.core.languages import current_language

from . import demand
from .filters import (
    CODE_FILTERS,
    EDITOR_FILTERS,
    EDITOR_FILTERS_EXPLANATION,
    EDITOR_FILTERS_LEGEND,
    LANGUAGE,
    PAYMENT,
)
from .models import Facility
from .phones import tel_uri
from .places import locate
from .search import (
    RADIUS_CHOICES,
    SORT_CHOICES,
    FacilitySearch,
    Results,
    compare_url,
    distance_text,
    find_facilities,
)
from .states import STATE_NAMES
from .vocabulary import SPANISH, setting_labels, vocabulary


def page_context(search: FacilitySearch) -> dict:
    """Everything find_rehab.html needs: the form as the reader left it, then what was found."""
    services = vocabulary()
    setting_filter, *other_filters = CODE_FILTERS
    context = {
        "query": search,
        # Callables, which the template calls only when its cached fragment of the form is
        # missing (form_key).
        "setting_fieldset": lambda: fieldset(setting_filter, services, search),
        "setting_summary": lambda: setting_summary(setting_filter, services, search),
        "fieldsets": lambda: [fieldset(f, services, search) for f in other_filters],
        "editor_filters": [
            {"filter": editor_filter, "checked": editor_filter.param in search.flags}
            for editor_filter in EDITOR_FILTERS
        ],
        "editor_legend": EDITOR_FILTERS_LEGEND,
        "editor_explanation": EDITOR_FILTERS_EXPLANATION,
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES.items(),
        "clear_url": "?" + search.url_query(keep_filters=False),
        "spanish_url": spanish_treatment_url(search),
    }
    if search.compare:
        context |= compare_tray(search)
    if search.near:
        context |= place_context(search, services)
    # Everything the cached part of the form shows depends on: the choices (ticks, radius,
    # sort), whether results follow (the types of program fold away), labels (the generation).
    context["form_key"] = versioned_key(
        current_language(),
        search.radius,
        search.sort,
        "results" in context,
        *(f"{param}={','.join(ticked)}" for param, ticked in sorted(search.codes.items())),
        *search.flags,
    )
    return context


def setting_summary(setting_filter, services, search: FacilitySearch) -> str:
    """The types of program ticked, for the folded form's summary."""
    ticked = search.codes[setting_filter.param]
    labels = [label for code, label in setting_filter.choices(services) if code in ticked]
    return ", ".join(labels) or gettext("any")


def spanish_treatment_url(search: FacilitySearch) -> str:
    """This search narrowed to programs whose counselors treat in Spanish (one click from every
    Find Rehab page); "" when it already is."""
    languages = search.codes.get(LANGUAGE.param, ())
    if SPANISH in languages:
        return ""
    in_spanish = replace(search, codes=search.codes | {LANGUAGE.param: (*languages, SPANISH)})
    return "?" + in_spanish.url_query()


def fieldset(code_filter, services, search: FacilitySearch) -> dict:
    """One filter's checkboxes as (element id, code, label, ticked), the reader's choices ticked.
    Ids and codes are the catalogue's own identifiers (filters.py), so they are marked safe and
    the template spends no escaping on them; labels (editors' words) are escaped as usual."""
    chosen = search.codes[code_filter.param]
    options = [
        (mark_safe(f"filter-{code_filter.param}-{code}"), mark_safe(code), label, code in chosen)
        for code, label in code_filter.choices(services)
    ]
    return {"filter": code_filter, "param": mark_safe(code_filter.param), "options": options}


def compare_tray(search: FacilitySearch) -> dict:
    """The programs picked for comparing so far (they travel in the URL as `ids`)."""
    picked = Facility.objects.active().filter(slug__in=search.compare).only("slug", "name", "city")
    by_slug = {facility.slug: facility for facility in picked}
    compare = [slug for slug in search.compare if slug in by_slug]
    others = {slug: [s for s in compare if s != slug] for slug in compare}
    tray = [
        {
            "facility": by_slug[slug],
            "remove_url": "?" + search.url_query(compare=others[slug], page=search.page),
        }
        for slug in compare
    ]
    return {"tray": tray, "tray_compare_url": compare_url(compare, search.near)}


def place_context(search: FacilitySearch, services) -> dict:
    """The place searched for: found (with its results) or not (with suggestions)."""
    located = locate(search.near)
    context = {
        "located": located,
        "suggestions": [
            {"text": text, "url": "?" + search.url_query(near=text)} for text in located.suggestions
        ],
    }
    # The state searched in, or (for a place we could not find) the one probably meant.
    state = located.place.state if located.place else located.state
    if state in STATE_NAMES:
        context["state_url"] = reverse("directory:state", args=[state.lower()])
        context["state_name"] = STATE_NAMES[state]
    if located.place:
        results = find_facilities(located.place, search)
        demand.count_appearances(result.facility.pk for result in results.results)
        context |= results_context(results, search, services)
    return context


def results_context(results: Results, search: FacilitySearch, services) -> dict:
    page = results.page
    if search.page > page.number:
        search.notes.append(
            gettext("There are only %(pages)s pages of results, so we show the last one.")
            % {"pages": page.paginator.num_pages}
        )
    on_page = {result.facility.slug for result in results.results}
    context = {
        "results": results,
        "cards": [
            result_card(result, search, services, results.place.zip_code)
            for result in results.results
        ],
        "compare_elsewhere": [slug for slug in search.compare if slug not in on_page],
        "confirmation": confirmation_summary(results, search),
        "page_urls": {
            "previous": page.has_previous()
            and "?" + search.url_query(page=page.previous_page_number()),
            "next": page.has_next() and "?" + search.url_query(page=page.next_page_number()),
        },
    }
    wider = [radius for radius in RADIUS_CHOICES if radius > search.radius]
    if results.place.has_point and wider:
        context["wider"] = {"radius": wider[0], "url": "?" + search.url_query(radius=wider[0])}
    return context


def confirmation_summary(results: Results, search: FacilitySearch) -> str:
    """How many results are confirmed for the schedule and format filters picked, if any."""
    picked = [f.label.lower() for f in search.editor_filters]
    if not picked or not results.total:
        return ""
    unconfirmed = results.total - results.confirmed_total
    text = gettext("%(count)s confirmed recently for %(filters)s.") % {
        "count": results.confirmed_total,
        "filters": gettext(" and ").join(picked),
    }
    if unconfirmed:
        text += " " + ngettext(
            "%(count)s more is not confirmed yet and comes after them, marked: call to ask.",
            "%(count)s more are not confirmed yet and come after them, marked: call to ask.",
            unconfirmed,
        ) % {"count": unconfirmed}
    return text


def result_card(result, search: FacilitySearch, services, searched_zip: str = "") -> dict:
    """What a result shows of its facility, as plain values; the text is put together here (the
    template has 20 cards to draw, and each tag in a card costs time)."""
    facility = result.facility
    wanted = search.codes.get(PAYMENT.param, ())
    payments = [
        (code, label) for code, label in PAYMENT.choices(services) if facility.has_code(code)
    ]
    tel = tel_uri(facility.phone) or ""
    return {
        "name": facility.name,
        "program": facility.program_name,
        "url": facility.get_absolute_url(),
        "slug": facility.slug,
        "address": ", ".join(
            part
            for part in (facility.street1, facility.city, f"{facility.state} {facility.zip_code}")
            if part
        ),
        "distance": distance_text(result.distance, facility, searched_zip),
        "tel": tel,
        "call": gettext("Call %(phone)s") % {"phone": facility.phone} if tel else "",
        "settings": setting_labels(facility.code_list),
        # The payments the reader asked for come first, in bold.
        "payments": bool(payments),
        "wanted_payments": ", ".join(label for code, label in payments if code in wanted),
        "other_payments": ", ".join(label for code, label in payments if code not in wanted),
        "picked": facility.slug in search.compare,
        "unconfirmed": ""
        if result.confirmed
        else gettext("Not confirmed yet: %(unconfirmed)s. Call to ask.")
        % {"unconfirmed": ", ".join(f.label.lower() for f in search.editor_filters)},
    }
