"""State and city pages: the active listings there, intensive outpatient programs first."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Min, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from iopguide.core.freshness import conditional_page
from iopguide.core.page_cache import reader_page_cache

from ..code_storage import offers_any
from ..models import Facility
from ..states import STATE_NAMES, state_code
from ..vocabulary import IOP as IOP_CODE
from ..vocabulary import setting_labels

PER_PAGE = 25
IOP = offers_any(IOP_CODE)


@require_safe
@reader_page_cache(query_params=("page",))
@conditional_page
def state(request, state):
    if state != state.lower():
        return redirect("directory:state", state=state.lower(), permanent=True)
    code = state.upper()
    if code not in STATE_NAMES:
        named = state_code(state.replace("-", " "))  # /find-rehab/north-carolina/ -> .../nc/
        if named:
            return redirect("directory:state", named.lower(), permanent=True)
        return not_found(request)
    listed = Facility.objects.active().filter(state=code)
    by_city = list(
        listed.values("city_slug")
        .annotate(count=Count("pk"), iop_count=Count("pk", filter=IOP), name=Min("city"))
        .order_by("city_slug")
    )
    if not by_city:
        return not_found(request, state_name=STATE_NAMES[code])
    context = {
        "state": code,
        "state_name": STATE_NAMES[code],
        "place": STATE_NAMES[code],
        # A city whose name gives no slug (none, or no Latin letters) has no page to link to;
        # its listings still count and show in the state's list.
        "cities": [city for city in by_city if city["city_slug"]],
        "total": sum(city["count"] for city in by_city),
        "iop_total": sum(city["iop_count"] for city in by_city),
    }
    return render_listing(request, "directory/state.html", listed, context)


@require_safe
@reader_page_cache(query_params=("page",))
@conditional_page
def city(request, state, city):
    if state != state.lower() or city != city.lower():
        return redirect("directory:city", state=state.lower(), city=city.lower(), permanent=True)
    code = state.upper()
    listed = Facility.objects.active().filter(state=code, city_slug=city)
    counts = listed.aggregate(total=Count("pk"), iop_total=Count("pk", filter=IOP))
    if code not in STATE_NAMES or not counts["total"]:
        return not_found(request, state_name=STATE_NAMES.get(code), state=state)
    context = {
        "state": code,
        "state_name": STATE_NAMES[code],
        "city_slug": city,
        **counts,
    }
    return render_listing(request, "directory/city.html", listed, context)


def render_listing(request, template, listed, context):
    ordered = listed.annotate(
        iop_first=Case(When(IOP, then=0), default=1, output_field=IntegerField())
    ).order_by("iop_first", "name", "pk")
    paginator = Paginator(ordered, PER_PAGE)
    paginator.count = context["total"]  # already counted; spares a query
    page = paginator.get_page(request.GET.get("page"))
    listings = [(facility, setting_labels(facility.code_list)) for facility in page]
    if "city_slug" in context and listings:
        context["place"] = f"{listings[0][0].city}, {context['state']}"
    return render(request, template, {**context, "page": page, "listings": listings})


def not_found(request, state_name=None, state=None):
    """404 with a way back: the state page when the state is known, the list of states."""
    listed = Facility.objects.active().values_list("state", flat=True).distinct().order_by()
    states = sorted((STATE_NAMES[code], code) for code in set(listed) if code in STATE_NAMES)
    context = {"state_name": state_name, "state": state, "states": states}
    return render(request, "directory/browse_not_found.html", context, status=404)
