"""The directory's routes, by the prefix iopguide/urls.py mounts each list under (namespace
"directory")."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from .views import browse, compare, facilities, find, updates

app_name = "directory"

# /find-rehab/: the search, then the state and city pages under it
find_rehab = [
    path("", find.find_rehab, name="find_rehab"),
    path("<str:state>/", browse.state, name="state"),
    path("<str:state>/<slug:city>/", browse.city, name="city"),
]
# /facilities/
facility_pages = [
    path(pgettext_lazy("URL", "changes/"), updates.changes, name="changes"),
    path("<slug:slug>/", facilities.facility, name="facility"),
    path(
        pgettext_lazy("URL", "<slug:slug>/report/"),
        facilities.report_problem,
        name="report_problem",
    ),
    path(
        pgettext_lazy("URL", "<slug:slug>/update/"), updates.update_listing, name="update_listing"
    ),
]
# /compare/
compare_pages = [path("", compare.compare, name="compare")]
