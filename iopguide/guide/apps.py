from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "iopguide.guide"
    label = "guide"
    verbose_name = "Guide"
