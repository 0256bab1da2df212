"""Start-up work done once, before gunicorn forks its workers (`preload_app`), so that no
reader's request waits for it and the workers share its memory.

Without it, the first request in every worker (and gunicorn recycles each one after
`max_requests`) spent about a quarter of a second filling Django's URL maps, loading the
translation catalogues and compiling templates, while the readers on its connections waited.

Nothing here may open a connection: a socket opened before the fork would be shared by every
worker."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

from iopguide.core.freshness import code_version
from iopguide.directory.places import load_zip_list
from iopguide.guide.sources import validate_web_address

TEMPLATE_SUFFIXES = (".html", ".txt")


def prepare_process() -> None:
    caches["default"]  # imports the cache client (the Redis client takes ~0.2 s); no connection
    import_module(settings.ROOT_URLCONF)  # imports every view
    code_version()  # hashes the source files
    load_zip_list()
    fill_url_maps()
    compile_templates()
    validate_web_address("https://example.org/")  # compiles its pattern (sources are checked)


def fill_url_maps() -> None:
    """Django builds the map `reverse()` reads on first use, once per language; building it
    also loads that language's translation catalogue."""
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            _fill(get_resolver())


def _fill(resolver: URLResolver) -> None:
    resolver.reverse_dict, resolver.namespace_dict, resolver.app_dict  # noqa: B018 (built on read)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _fill(pattern)


def compile_templates() -> None:
    """Compile the project's own templates (`templates/` and the apps') into the cached loader;
    the admin's and the libraries' are left to their first use."""
    for folder in _project_template_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES:
                get_template(path.relative_to(folder).as_posix())


def _project_template_folders() -> list[Path]:
    # By app name, not by path: a virtualenv inside the checkout holds the libraries' apps.
    folders = [Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if config.name.startswith(f"{__package__}.")
    ]
    return [folder for folder in folders if folder.is_dir()]
