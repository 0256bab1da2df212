from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("guide/", views.index, name="index"),
    path("guide/reviewers/<slug:slug>/", views.reviewer, name="reviewer"),
    path("guide/<slug:slug>/", views.article, name="article"),
    path("guide/<slug:slug>/preview/", views.preview, name="preview"),
    path("sources/", views.sources, name="sources"),
    path("search/", views.search, name="search"),
    path("tools/is-an-iop-right-for-me/", views.self_check, name="self_check"),
    path(
        "tools/is-an-iop-right-for-me/answers/", views.self_check_answers, name="self_check_answers"
    ),
    path("tools/call-worksheet/", views.call_worksheet, name="call_worksheet"),
]
