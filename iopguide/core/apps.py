from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iopguide.core"
    label = "core"
    verbose_name = "Site"
