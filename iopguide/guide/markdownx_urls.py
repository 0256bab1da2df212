"""django-markdownx's preview and upload endpoints, for signed-in staff only (its own views check
no login). The URL names are the ones its JavaScript expects."""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from markdownx.views import ImageUploadView, MarkdownifyView

urlpatterns = [
    path(
        "markdownify/",
        staff_member_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path("upload/", staff_member_required(ImageUploadView.as_view()), name="markdownx_upload"),
]
