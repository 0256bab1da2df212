from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "iopguide.guide"
    label = "guide"
    verbose_name = "Guide"

    def ready(self):
        from iopguide.core.cache import register_schedule

        from .workflow import scheduled_publications

        # Cached pages move on by themselves when a scheduled article goes live.
        register_schedule(scheduled_publications)
