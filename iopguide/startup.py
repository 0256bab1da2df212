"""Start-up work done once, before gunicorn forks its workers (`preload_app`), so that no
reader's request waits for it and the workers share its memory.

Nothing here may open a connection: a socket opened before the fork would be shared by every
worker."""

from importlib import import_module

from django.conf import settings
from django.core.cache import caches

from iopguide.core.freshness import code_version
from iopguide.directory.places import load_zip_list


def prepare_process() -> None:
    caches["default"]  # imports the cache client (the Redis client takes ~0.2 s); no connection
    import_module(settings.ROOT_URLCONF)  # imports every view
    code_version()  # hashes the source files
    load_zip_list()
