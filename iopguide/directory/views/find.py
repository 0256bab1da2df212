"""Find Rehab: /find-rehab/?near=...&radius=...&setting=OIT&pay=MD ... (a plain GET form)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .. import search
from ..states import STATE_NAMES


def state_page_url(state: str) -> str:
    return reverse("directory:state", args=[state.lower()])


def bad_request(request, message: str):
    """A clear 400 page for a query string no form of ours would send."""
    return render(request, "directory/bad_request.html", {"message": message}, status=400)


def _fieldsets(query: search.SearchQuery) -> list[dict]:
    return [
        {
            "filter": code_filter,
            "options": [
                {"code": code, "label": label, "checked": code in query.codes[code_filter.param]}
                for code, label in code_filter.choices
            ],
        }
        for code_filter in search.CODE_FILTERS
    ]


@require_safe
def find_rehab(request):
    try:
        query = search.parse_search(request.GET, request.META.get("QUERY_STRING", ""))
    except search.TooManyParameters:
        return bad_request(
            request,
            "This search address is too long, or repeats a choice too many times. "
            "Start a new search from the form.",
        )
    setting_fieldset, *fieldsets = _fieldsets(query)
    context = {
        "query": query,
        "setting_fieldset": setting_fieldset,
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
    if query.near:
        located = search.locate(query.near)
        context["located"] = located
        context["suggestions"] = [
            {"text": text, "url": "?" + query.url_query(near=text)} for text in located.suggestions
        ]
        if located.state in STATE_NAMES:
            context["state_url"] = state_page_url(located.state)
            context["state_name"] = STATE_NAMES[located.state]
        if located.place:
            results = search.find_facilities(located.place, query)
            if query.page > results.page.number:
                query.notes.append(
                    f"There are only {results.page.paginator.num_pages} pages of results, "
                    "so we show the last one."
                )
            context["results"] = results
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
            if located.place.state in STATE_NAMES:
                context["state_url"] = state_page_url(located.place.state)
                context["state_name"] = STATE_NAMES[located.place.state]
    return render(request, "directory/find_rehab.html", context)
