from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "iopguide.directory"
    label = "directory"
    verbose_name = "Facility directory"
