"""The shape of the code (docs/architecture.md): core is a leaf the apps use, and no module or
function grows past what a newcomer can read at once."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils import translation

PACKAGE = Path(__file__).resolve().parent.parent / "iopguide"
APPS = ("iopguide.guide", "iopguide.directory")


def _modules(folder: Path, *, with_tests: bool):
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or (not with_tests and "tests" in parts):
            continue
        yield path


def _imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, relative imports resolved against its package."""
    package = ".".join(("iopguide", *path.relative_to(PACKAGE).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _imports_an_app(name: str) -> bool:
    return any(name == app or name.startswith(f"{app}.") for app in APPS)


@pytest.mark.parametrize(
    "path", list(_modules(PACKAGE / "core", with_tests=False)), ids=lambda p: p.name
)
def test_core_imports_no_app(path):
    """core is the shared kernel: the apps import it, never the reverse (its tests may use the
    apps' factories to exercise the whole site)."""
    assert not sorted(filter(_imports_an_app, _imported_modules(path)))


def test_the_leaf_check_sees_relative_imports_too():
    path = PACKAGE / "directory" / "sitemaps.py"
    assert "iopguide.directory.models" in _imported_modules(path)
    assert "iopguide.core.sitemaps" in _imported_modules(path)


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _app_code():
    """Every module of the site's own code, tests and migrations aside."""
    return list(_modules(PACKAGE, with_tests=False))


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in _app_code()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long


def test_no_function_is_over_60_lines():
    long = {}
    for path in _app_code():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = lines
    assert not long


def test_importing_settings_creates_no_folder(tmp_path):
    """Settings only describe; `make` and the Dockerfile make var/ (and conftest.py the test
    static folder)."""
    script = (
        "import importlib, sys; sys.path.insert(0, sys.argv[1]); "
        "[importlib.import_module(f'iopguide.settings.{name}') for name in ('base', 'test')]"
    )
    project = tmp_path / "project"
    shutil.copytree(PACKAGE, project / "iopguide", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "SECRET_KEY": "x"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", script, str(project)], check=True, env=env)
    assert sorted(path.name for path in project.iterdir()) == ["iopguide"]


ARCHITECTURE_DOC = PACKAGE.parent / "docs" / "architecture.md"
MAP_ROW = re.compile(r"^\| `(/[^`]*)` \| (`[^|]+`) \|$", re.M)
ADMIN_PREFIX = "/admin/"


def _documented_url_map() -> dict[str, set[str]]:
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8").split("## URL map", 1)[1]
    return {
        prefix: set(re.findall(r"`([^`]+)`", modules)) for prefix, modules in MAP_ROW.findall(text)
    }


def _leaf_views(patterns, route=""):
    for pattern in patterns:
        full = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _leaf_views(pattern.url_patterns, full)
        else:
            yield full, pattern.callback.__module__


def _prefix(route: str) -> str:
    first, slash, rest = route.partition("/")
    if first in SPANISH_PREFIX and rest:  # /es/guia/: the language, then the section
        return f"/{first}/{_prefix(rest)[1:]}"
    return f"/{first}{slash}"


SPANISH_PREFIX = {"es"}


def _url_map() -> dict[str, set[str]]:
    served: dict[str, set[str]] = {}
    with translation.override("en"):
        english = list(_leaf_views(get_resolver().url_patterns))
    with translation.override("es"):  # the reader pages again, under /es/ and Spanish prefixes
        spanish = [(route, module) for route, module in _leaf_views(get_resolver().url_patterns)]
    for route, module in english + spanish:
        prefix = _prefix(route)
        served.setdefault(prefix, set()).add(
            "django.contrib.admin" if prefix == ADMIN_PREFIX else module
        )
    return served


def test_the_url_map_in_docs_is_the_urlconf():
    documented = _documented_url_map()
    answered_by_middleware = {"/healthz": {"iopguide.core.middleware"}}
    assert documented == _url_map() | answered_by_middleware


def test_the_admin_prefix_is_the_admin_site():
    admin_urls = [p for p in get_resolver().url_patterns if str(p.pattern) == "admin/"]
    assert [(p.app_name, p.namespace) for p in admin_urls] == [(admin.site.name, admin.site.name)]


@pytest.mark.django_db
def test_healthz_is_in_no_urlconf_and_answered_by_middleware(client):
    with pytest.raises(Resolver404):
        resolve("/healthz")
    assert client.get("/healthz").status_code == 200
