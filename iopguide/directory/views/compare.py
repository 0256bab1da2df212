"""Compare Centers: /compare/?ids=<slug>,<slug>[,...][&near=...][&diff=1]; the selection lives
in the URL, so every comparison can be shared and nothing needs JavaScript. Its parameters are
read by the same form as Find Rehab's (forms.FacilitySearchForm)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from iopguide.core.page_cache import reader_page_cache

from .. import comparison, places
from ..search import FacilitySearch, compare_url, find_rehab_url
from .find import read_search

# Written once: the meta description and the JSON-LD both read it.
COMPARE_DESCRIPTION = _(
    "Put two to four treatment programs side by side: type of program, quality, approaches, "
    "payment, groups served and schedule."
)


@reader_page_cache(query_params=("ids", "near", "diff"))
@require_safe
def compare(request):
    search = read_search(request, _("This comparison address is too long to read."))
    if not isinstance(search, FacilitySearch):
        return search
    slugs, diff = list(search.compare), search.only_differences
    place = places.locate(search.near).place if search.near else None
    near = search.near if place else ""
    columns = comparison.columns_for(slugs, place)
    for column in columns:
        others = [slug for slug in slugs if slug != column.slug]
        column.remove_url = compare_url(others, near, diff)
    context = {
        "columns": columns,
        "listed_count": sum(column.listed for column in columns),
        "place": place,
        "only_differences": diff,
        "toggle_url": compare_url(slugs, near, not diff),
        "share_url": settings.SITE_URL + compare_url(slugs, near, diff),
        "find_url": find_rehab_url(slugs, near),
        "choosing_url": reverse("guide:article", args=[str(comparison.CHOOSING_ARTICLE)]),
    }
    if columns:
        context["groups"] = comparison.comparison_groups(columns, place, diff)
        context["questions"] = comparison.questions_to_ask()
    context["description"] = COMPARE_DESCRIPTION
    return render(request, "directory/compare.html", context)
