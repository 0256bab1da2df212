"""Compare Centers: /compare/?ids=<slug>,<slug>[,...][&near=...][&diff=1]; the selection lives
in the URL, so every comparison can be shared and nothing needs JavaScript."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from iopguide.core.page_cache import reader_page_cache

from .. import comparison, places, search
from .find import bad_request


def _compare_url(slugs: list[str], near: str = "", only_differences: bool = False) -> str:
    params = {"ids": ",".join(slugs)}
    if near:
        params["near"] = near
    if only_differences:
        params["diff"] = "1"
    return f"{reverse('directory:compare')}?{urlencode(params)}"


def _find_query(slugs: list[str], near: str) -> str:
    """Back to Find Rehab with the selection (and place), so readers can add to it."""
    params = {key: value for key, value in (("near", near), ("ids", ",".join(slugs))) if value}
    return f"?{urlencode(params)}" if params else ""


@reader_page_cache(query_params=("ids", "near", "diff"))
@require_safe
def compare(request):
    try:
        params = search.read_query_string(request.META.get("QUERY_STRING", ""))
    except search.TooManyParameters:
        return bad_request(request, "This comparison address is too long to read.")
    try:
        slugs = comparison.parse_ids(params)
    except comparison.TooManyCenters as error:
        return bad_request(
            request,
            f"You picked {error.count} programs. You can compare up to "
            f"{comparison.MAX_COMPARED} at a time: go back and untick some.",
        )
    near = " ".join(params.get("near", "").split())[: search.MAX_NEAR_LENGTH]
    place = places.locate(near).place if near else None
    if not place:
        near = ""
    only_differences = params.get("diff") == "1"
    columns = comparison.columns_for(slugs, place)
    for column in columns:
        others = [slug for slug in slugs if slug != column.slug]
        column.remove_url = _compare_url(others, near, only_differences)
    listed = sum(column.listed for column in columns)
    context = {
        "columns": columns,
        "listed_count": listed,
        "place": place,
        "only_differences": only_differences,
        "toggle_url": _compare_url(slugs, near, not only_differences),
        "share_url": settings.SITE_URL + _compare_url(slugs, near, only_differences),
        "find_url": reverse("directory:find_rehab") + _find_query(slugs, near),
        "choosing_url": reverse("guide:article", args=[comparison.CHOOSING_ARTICLE]),
    }
    if columns:
        context["groups"] = comparison.comparison_groups(columns, place, only_differences)
        context["questions"] = comparison.questions_to_ask()
    return render(request, "directory/compare.html", context)
