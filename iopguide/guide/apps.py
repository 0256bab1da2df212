from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "iopguide.guide"
    label = "guide"
    verbose_name = "Guide"

    def ready(self):
        from iopguide.core.cache import register_next_change

        from .workflow import next_scheduled_publication

        # Cached pages move on by themselves when a scheduled article goes live.
        register_next_change(next_scheduled_publication)
