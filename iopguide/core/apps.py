from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iopguide.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from .page_cache import invalidate_pages_on_change

        # Facility and browse pages are cached whole; any directory change shows at once.
        invalidate_pages_on_change("directory.Facility", "directory.ServiceCode")
