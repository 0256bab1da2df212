"""The shape of the code (docs/architecture.md): core is a leaf the apps use, and no module or
function grows past what a newcomer can read at once."""

import ast
from pathlib import Path

import pytest

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
