"""Find Rehab: /find-rehab/?near=...&radius=...&setting=OIT&pay=MD ... (a plain GET form)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from iopguide.core.concurrency import limit_in_flight
from iopguide.core.page_cache import reader_page_cache

from ..filters import CODE_FILTERS, EDITOR_FILTERS
from ..find_rehab_page import page_context
from ..forms import FacilitySearchForm, TooManyParameters, read_query_string
from ..search import FacilitySearch

# Every parameter the form sends: each search is cached (until the directory changes), one with
# any other parameter is answered fresh.
SEARCH_PARAMS = (
    "near",
    "radius",
    "sort",
    "page",
    "ids",
    *(code_filter.param for code_filter in CODE_FILTERS),
    *(editor_filter.param for editor_filter in EDITOR_FILTERS),
)


# Written once: the meta description and the JSON-LD both read it.
FIND_REHAB_DESCRIPTION = _(
    "Find intensive outpatient (IOP) programs for drug and alcohol use near you, filtered by "
    "insurance, schedule, language and more."
)


def bad_request(request, message: str):
    """A clear 400 page for a query string no form of ours would send."""
    return render(request, "directory/bad_request.html", {"message": message}, status=400)


def read_search(request, too_long: str) -> FacilitySearch | HttpResponse:
    """The reader's search from the query string (FacilitySearchForm, shared by Find Rehab and
    Compare Centers), else the 400 page that says why: `too_long` for a query string no form
    would send, the form's own words for what it refuses."""
    try:
        params = read_query_string(request.META.get("QUERY_STRING", ""))
    except TooManyParameters:
        return bad_request(request, too_long)
    form = FacilitySearchForm(params)
    if not form.is_valid():
        return bad_request(request, form.problem())
    return form.search()


@reader_page_cache(query_params=SEARCH_PARAMS)
@require_safe
@limit_in_flight
def find_rehab(request):
    search = read_search(
        request,
        _(
            "This search address is too long, or repeats a choice too many times. "
            "Start a new search from the form."
        ),
    )
    if not isinstance(search, FacilitySearch):
        return search
    context = page_context(search) | {"description": FIND_REHAB_DESCRIPTION}
    return render(request, "directory/find_rehab.html", context)
