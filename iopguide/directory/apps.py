from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    name = "iopguide.directory"
    label = "directory"
    verbose_name = "Facility directory"

    def ready(self):
        from . import link_targets
        from .vocabulary import load_code_sheet_into_empty_table

        post_migrate.connect(load_code_sheet_into_empty_table, sender=self)
        link_targets.register()  # for the guide's link checker
