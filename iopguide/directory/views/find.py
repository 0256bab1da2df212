"""Find Rehab: /find-rehab/?near=...&radius=...&setting=OIT&pay=MD ... (a plain GET form)."""

from functools import lru_cache
from urllib.parse import urlencode

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from iopguide.core.page_cache import reader_page_cache

from .. import places, search
from ..models import Facility
from ..states import STATE_NAMES
from ..vocabulary import vocabulary

FILTERS_BY_PARAM = {code_filter.param: code_filter for code_filter in search.CODE_FILTERS}
# Every parameter the form sends: each search is cached (until the directory changes), one with
# any other parameter is answered fresh.
EDITOR_PARAMS = tuple(editor_filter.param for editor_filter in search.EDITOR_FILTERS)
SEARCH_PARAMS = ("near", "radius", "sort", "page", "ids", *FILTERS_BY_PARAM, *EDITOR_PARAMS)


def state_page_url(state: str) -> str:
    return reverse("directory:state", args=[state.lower()])


def bad_request(request, message: str):
    """A clear 400 page for a query string no form of ours would send."""
    return render(request, "directory/bad_request.html", {"message": message}, status=400)


@lru_cache(maxsize=1024)
def _fieldset_html(
    param: str, choices: tuple[tuple[str, str], ...], chosen: tuple[str, ...]
) -> str:
    """One filter's fieldset with the chosen codes ticked. The filters are most of the page's
    markup, so each combination is rendered once per process and reused."""
    options = [
        {"id": f"filter-{param}-{code}", "code": code, "label": label, "checked": code in chosen}
        for code, label in choices
    ]
    return render_to_string(
        "directory/includes/filter_fieldset.html",
        {"filter": FILTERS_BY_PARAM[param], "options": options},
    )


def _result_html(card: dict, picked: bool) -> str:
    """One result in the list. Built with format_html rather than a template loop: a page shows
    20, and the template engine spent most of the page's time on them (docs/performance.md).
    Every value goes through format_html or escape, so joining the pieces is safe."""
    parts = [
        format_html('<h3 class="result__name"><a href="{}">{}</a></h3>', card["url"], card["name"])
    ]
    if card["program"]:
        parts.append(format_html('<p class="result__program">{}</p>', card["program"]))
    distance = (
        format_html('<strong class="result__distance">{}</strong> · ', card["distance"])
        if card["distance"]
        else ""
    )
    parts.append(format_html('<p class="result__where">{}{}</p>', distance, card["address"]))
    if card["settings"]:
        badges = format_html_join("", '<li class="badge">{}</li>', ((s,) for s in card["settings"]))
        parts.append(
            format_html('<ul class="badges" aria-label="Types of program">{}</ul>', badges)
        )
    if card["payments"]:
        payments = ", ".join(
            format_html("<strong>{}</strong>", label) if wanted else escape(label)
            for label, wanted in card["payments"]
        )
        parts.append(format_html('<p class="result__pay">Accepts: {}</p>', mark_safe(payments)))
    call = (
        format_html('<a class="result__call" href="{}">Call {}</a>', card["tel"], card["phone"])
        if card["tel"]
        else ""
    )
    parts.append(
        format_html(
            '<p class="result__actions">{}<span class="check"><input type="checkbox" name="ids" '
            'value="{}" id="compare-{}"{}><label for="compare-{}">Compare<span '
            'class="visually-hidden"> {}</span></label></span></p>',
            call,
            card["slug"],
            card["slug"],
            mark_safe(" checked") if picked else "",
            card["slug"],
            card["name"],
        )
    )
    return format_html('<li class="result">{}</li>', mark_safe("".join(parts)))


def _compare_tray(query: search.SearchQuery) -> dict:
    """The programs picked for comparing so far (they travel in the URL as `ids`)."""
    picked = Facility.objects.active().filter(slug__in=query.compare).only("slug", "name", "city")
    by_slug = {facility.slug: facility for facility in picked}
    compare = [slug for slug in query.compare if slug in by_slug]
    tray = [
        {
            "facility": by_slug[slug],
            "remove_url": "?"
            + query.url_query(compare=[s for s in compare if s != slug], page=query.page),
        }
        for slug in compare
    ]
    compare_params = {"ids": ",".join(compare)} | ({"near": query.near} if query.near else {})
    return {
        "tray": tray,
        "tray_compare_url": f"{reverse('directory:compare')}?{urlencode(compare_params)}",
    }


@reader_page_cache(query_params=SEARCH_PARAMS)
@require_safe
def find_rehab(request):
    try:
        query = search.parse_search(request.META.get("QUERY_STRING", ""))
    except search.TooManyParameters:
        return bad_request(
            request,
            "This search address is too long, or repeats a choice too many times. "
            "Start a new search from the form.",
        )
    services = vocabulary()
    setting_fieldset, *fieldsets = (
        _fieldset_html(
            code_filter.param,
            tuple(code_filter.choices(services)),
            query.codes[code_filter.param],
        )
        for code_filter in search.CODE_FILTERS
    )
    setting_checkbox_labels = dict(search.SETTING.choices(services))
    context = {
        "query": query,
        "setting_fieldset": setting_fieldset,
        "setting_summary": ", ".join(
            setting_checkbox_labels[code] for code in query.codes[search.SETTING.param]
        )
        or "any",
        "fieldsets": fieldsets,
        "editor_filters": [
            {"filter": editor_filter, "checked": editor_filter.param in query.flags}
            for editor_filter in search.EDITOR_FILTERS
        ],
        "editor_legend": search.EDITOR_FILTERS_LEGEND,
        "editor_explanation": search.EDITOR_FILTERS_EXPLANATION,
        "radius_choices": search.RADIUS_CHOICES,
        "sort_choices": search.SORT_CHOICES.items(),
        "clear_url": "?" + query.url_query(keep_filters=False),
    }
    if query.compare:
        context.update(_compare_tray(query))
    if query.near:
        located = places.locate(query.near)
        context["located"] = located
        context["suggestions"] = [
            {"text": text, "url": "?" + query.url_query(near=text)} for text in located.suggestions
        ]
        # The state searched in, or (for a place we could not find) the one probably meant.
        state = located.place.state if located.place else located.state
        if state in STATE_NAMES:
            context["state_url"] = state_page_url(state)
            context["state_name"] = STATE_NAMES[state]
        if located.place:
            results = search.find_facilities(located.place, query, services)
            if query.page > results.page.number:
                query.notes.append(
                    f"There are only {results.page.paginator.num_pages} pages of results, "
                    "so we show the last one."
                )
            context["results"] = results
            context["results_html"] = mark_safe(
                "".join(
                    _result_html(result.card(), picked=result.facility.slug in query.compare)
                    for result in results.results
                )
            )
            on_page = {result.facility.slug for result in results.results}
            context["compare_elsewhere"] = [s for s in query.compare if s not in on_page]
            context["page_urls"] = {
                "previous": results.page.has_previous()
                and "?" + query.url_query(page=results.page.previous_page_number()),
                "next": results.page.has_next()
                and "?" + query.url_query(page=results.page.next_page_number()),
            }
            wider = [radius for radius in search.RADIUS_CHOICES if radius > query.radius]
            if located.place.has_point and wider:
                context["wider"] = {
                    "radius": wider[0],
                    "url": "?" + query.url_query(radius=wider[0]),
                }
    return render(request, "directory/find_rehab.html", context)
