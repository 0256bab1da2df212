from django.urls import path

from .views import browse, compare, facilities, find, updates

app_name = "directory"

urlpatterns = [
    path("find-rehab/", find.find_rehab, name="find_rehab"),
    path("facilities/changes/", updates.changes, name="changes"),
    path("find-rehab/<str:state>/", browse.state, name="state"),
    path("find-rehab/<str:state>/<slug:city>/", browse.city, name="city"),
    path("facilities/<slug:slug>/", facilities.facility, name="facility"),
    path("facilities/<slug:slug>/report/", facilities.report_problem, name="report_problem"),
    path("facilities/<slug:slug>/update/", updates.update_listing, name="update_listing"),
    path("compare/", compare.compare, name="compare"),
]
