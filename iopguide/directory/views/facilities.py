from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from iopguide.core.freshness import conditional_page, facility_freshness
from iopguide.core.page_cache import reader_page_cache

from ..models import Facility


@require_safe
@reader_page_cache
@conditional_page(facility_freshness)
def facility(request, slug):
    facility = get_object_or_404(Facility, slug=slug)
    return render(request, "directory/facility.html", {"facility": facility})


def report_problem(request, slug):
    facility = get_object_or_404(Facility.objects.active(), slug=slug)
    return render(request, "directory/report_problem.html", {"facility": facility})
