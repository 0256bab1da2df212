from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from iopguide.guide.editor_views import serve_upload

urlpatterns = [
    path("", include("iopguide.core.urls")),
    path("", include("iopguide.guide.urls")),
    path("", include("iopguide.directory.urls")),
    path("markdownx/", include("iopguide.guide.markdownx_urls")),
    path("admin/", admin.site.urls),
    # Uploaded images, from disk or object storage, with DEBUG on or off (docs/editors.md).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload, name="media"),
]

handler404 = "iopguide.core.views.page_not_found"
handler500 = "iopguide.core.views.server_error"

admin.site.site_header = "IOP Guide editors"
admin.site.site_title = "IOP Guide admin"
