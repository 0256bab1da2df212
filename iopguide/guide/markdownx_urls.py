"""The markdown editor's preview and upload, for signed-in staff who may edit articles. The URL
names are the ones django-markdownx's JavaScript expects."""

from django.urls import path

from . import editor_views

urlpatterns = [
    path("markdownify/", editor_views.preview, name="markdownx_markdownify"),
    path("upload/", editor_views.upload, name="markdownx_upload"),
]
