"""Facility pages, the 410 page for retired listings, and the "Report a problem" form."""

from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from iopguide.core.freshness import conditional_page
from iopguide.core.outages import DATABASE_UNAVAILABLE, database_unavailable
from iopguide.core.page_cache import reader_page_cache
from iopguide.core.rate_limits import hourly_limit_reached

from ..listing_details import listing_changes, shown_details
from ..models import Facility, ProblemReport
from ..places import bounding_box, haversine_miles
from ..states import STATE_NAMES
from ..vocabulary import IOP, grouped_services, setting_labels

ALTERNATIVES_SHOWN = 5
NEARBY_MILES = 50
REPORTS_PER_HOUR = 5
REPORT_TEMPLATE = "directory/report_problem.html"


@require_safe
@reader_page_cache
@conditional_page
def facility(request, slug):
    facility = get_object_or_404(Facility.objects.prefetch_related("facts"), slug=slug)
    context = {"facility": facility, "state_name": STATE_NAMES.get(facility.state, facility.state)}
    if not facility.is_listed:
        context["alternatives"] = [
            (alternative, setting_labels(alternative.code_list))
            for alternative in nearby_active(facility)
        ]
        return render(request, "directory/facility_gone.html", context, status=410)
    codes = facility.code_list
    context |= {
        "settings": setting_labels(codes),
        "sections": grouped_services(codes),
        "unmatched_services": facility.unmatched_services.splitlines(),
        "directions_url": directions_url(facility),
        "compare_url": f"{reverse('directory:compare')}?{urlencode({'ids': facility.slug})}",
        "details": shown_details(facility),
        "changes": listing_changes(facility),
    }
    return render(request, "directory/facility.html", context)


def directions_url(facility: Facility) -> str:
    """OpenStreetMap directions to the door when the source gave coordinates, else the address."""
    if facility.location_precision == Facility.LocationPrecision.SOURCE:
        return "https://www.openstreetmap.org/directions?route=" + quote(
            f";{facility.latitude},{facility.longitude}"
        )
    address = ", ".join(
        part
        for part in [facility.street1, facility.city, f"{facility.state} {facility.zip_code}"]
        if part
    )
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


def nearby_active(facility: Facility, limit: int = ALTERNATIVES_SHOWN) -> list[Facility]:
    """The closest active listings (IOPs first among equals) in the same state, in one query."""
    candidates = Facility.objects.active().filter(state=facility.state)
    if facility.latitude is None or facility.longitude is None:
        return list(candidates.filter(city_slug=facility.city_slug)[:limit])
    south, north, west, east = bounding_box(facility.latitude, facility.longitude, NEARBY_MILES)
    candidates = candidates.filter(
        latitude__range=(south, north), longitude__range=(west, east)
    ).only(
        "name", "program_name", "city", "state", "slug", "latitude", "longitude", "service_codes"
    )[:200]

    def distance(other):
        miles = haversine_miles(
            facility.latitude, facility.longitude, other.latitude, other.longitude
        )
        return (round(miles, 1), not other.has_code(IOP), other.name)

    return sorted(candidates, key=distance)[:limit]


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["message", "contact"]
        labels = {
            "message": _("What is wrong or out of date?"),
            "contact": _("Your email or phone (optional)"),
        }
        help_texts = {
            "message": _(
                "For example: the phone number, the address, or a service they no longer offer. "
                "Please don't include health information."
            ),
            "contact": _("Only if you are happy for an editor to contact you about this listing."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, slug):
    if request.method == "POST":
        return _receive_report(request, slug)
    facility = get_object_or_404(Facility.objects.active(), slug=slug)
    context = {
        "facility": facility,
        "slug": slug,
        "form": ProblemReportForm(),
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, REPORT_TEMPLATE, context)


def _receive_report(request, slug):
    form = ProblemReportForm(request.POST)
    context = {"slug": slug, "form": form}
    try:
        facility = context["facility"] = get_object_or_404(Facility.objects.active(), slug=slug)
        if not form.is_valid():
            return render(request, REPORT_TEMPLATE, context)
        if hourly_limit_reached(request, "problem-reports", REPORTS_PER_HOUR):
            return render(request, REPORT_TEMPLATE, context | {"limited": True}, status=429)
        form.instance.facility = facility
        form.save()
    except DATABASE_UNAVAILABLE as error:
        # The reader's words are sent back in the form, with a plain message, to send again.
        database_unavailable(request, error)
        response = render(request, REPORT_TEMPLATE, context | {"not_saved": True}, status=503)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    return redirect(f"{request.path}?sent=1")
