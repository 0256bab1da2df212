from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("iopguide.core.urls")),
    path("", include("iopguide.guide.urls")),
    path("", include("iopguide.directory.urls")),
    path("markdownx/", include("iopguide.guide.markdownx_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "iopguide.core.views.page_not_found"
handler500 = "iopguide.core.views.server_error"

admin.site.site_header = "IOP Guide editors"
admin.site.site_title = "IOP Guide admin"
