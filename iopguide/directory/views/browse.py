from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from iopguide.core.freshness import browse_freshness, conditional_page
from iopguide.core.page_cache import reader_page_cache

from ..models import Facility


@require_safe
@reader_page_cache(query_params=("page",))
@conditional_page(browse_freshness)
def state(request, state):
    facilities = Facility.objects.active().filter(state=state.upper())
    if not facilities.exists():
        raise Http404("No facilities listed in this state.")
    return render(
        request, "directory/state.html", {"state": state.upper(), "facilities": facilities}
    )


@require_safe
@reader_page_cache(query_params=("page",))
def city(request, state, city):
    raise Http404("City pages are not built yet.")
