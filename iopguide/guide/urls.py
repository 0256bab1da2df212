"""The guide's routes, by the prefix iopguide/urls.py mounts each list under (namespace "guide")."""

from django.urls import path

from . import views

app_name = "guide"

# /guide/
articles = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/preview/", views.preview, name="preview"),
]
# /sources/: every source the articles cite
sources = [path("", views.sources, name="sources")]
# /search/: searches the guide's articles (the site's only full-text search)
search = [path("", views.search, name="search")]
