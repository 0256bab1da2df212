"""The guide's routes, by the prefix iopguide/urls.py mounts each list under (namespace "guide")."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "guide"

# /guide/
articles = [
    path("", views.index, name="index"),
    path(pgettext_lazy("URL", "reviewers/<slug:slug>/"), views.reviewer, name="reviewer"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/preview/", views.preview, name="preview"),
    # Review links for people without an account (sharing.py). After preview: "preview" is
    # never a valid token, so an article with the slug "shared" keeps its preview.
    path("shared/<str:token>/", views.shared_draft, name="shared"),
]
# /sources/: every source the articles cite
sources = [path("", views.sources, name="sources")]
# /search/: searches the guide's articles (the site's only full-text search)
search = [path("", views.search, name="search")]
# /tools/: tools to decide (the self-check and the call worksheet)
tools = [
    path(pgettext_lazy("URL", "is-an-iop-right-for-me/"), views.self_check, name="self_check"),
    path(
        pgettext_lazy("URL", "is-an-iop-right-for-me/answers/"),
        views.self_check_answers,
        name="self_check_answers",
    ),
    path(pgettext_lazy("URL", "call-worksheet/"), views.call_worksheet, name="call_worksheet"),
]
