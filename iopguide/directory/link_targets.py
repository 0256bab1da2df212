"""The directory's pages that depend on data, for the guide's link checker
(core/link_targets.py): the same tests its views make before they answer 404 or 410."""

from iopguide.core import link_targets

from .models import Facility
from .states import state_code


def facility_problem(kwargs) -> str | None:
    facility = Facility.objects.filter(slug=kwargs["slug"]).first()
    if facility is None:
        return "there is no such listing."
    if not facility.is_listed:
        return "that listing is no longer shown (readers get “no longer listed”)."
    return None


def state_problem(kwargs) -> str | None:
    # /find-rehab/north-carolina/ redirects to /find-rehab/nc/, as the view does.
    code = state_code(kwargs["state"].replace("-", " "))
    if code is None:
        return "there is no such state."
    if not Facility.objects.active().filter(state=code).exists():
        return "that state has no listings."
    return None


def city_problem(kwargs) -> str | None:
    code = state_code(kwargs["state"])
    city = kwargs["city"].lower()
    if code is None or not Facility.objects.active().filter(state=code, city_slug=city).exists():
        return "that city has no listings."
    return None


def register() -> None:
    link_targets.register("directory:facility", facility_problem)
    link_targets.register("directory:report_problem", facility_problem)
    link_targets.register("directory:update_listing", facility_problem)
    link_targets.register("directory:state", state_problem)
    link_targets.register("directory:city", city_problem)
