"""Conditional GET for reader pages: `ETag` and `Last-Modified` without a database query, so a
crawler or browser that already has the page gets 304 Not Modified before anything renders.

The validators follow the content generation number (`iopguide.core.cache`), which every change
readers could see moves on (`content_changed()`, or a scheduled article going live), and a
fingerprint of the deployed code and templates, so a release never answers 304 with old markup.
They are the same signal the page cache keys on, so a cached page and a fresh one agree.
"""

import datetime
import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.views.decorators.http import condition

from .cache import content_changed_at, content_version

# Everything that shapes a page's HTML besides the database.
_SOURCE_DIRS = ("iopguide", "templates", "static")
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg"}


@functools.cache
def code_version() -> tuple[str, datetime.datetime]:
    """(hash of the source files, time of the newest one), read once per process."""
    digest = hashlib.sha256()
    newest = 0.0
    base = Path(settings.BASE_DIR)
    for directory in _SOURCE_DIRS:
        for path in sorted((base / directory).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
                newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], datetime.datetime.fromtimestamp(newest, tz=datetime.UTC)


def _etag(request, *args, **kwargs) -> str:
    code_hash, _ = code_version()
    key = f"{request.path}|{content_version()}|{code_hash}"
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def _last_modified(request, *args, **kwargs) -> datetime.datetime:
    """When the current content generation began (the same on every process), or the newest
    source file, whichever is later."""
    return max(content_changed_at(), code_version()[1])


def conditional_page(view):
    """View decorator: ETag and Last-Modified from the content generation and the code; a
    request that matches either gets 304 without the view running."""
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)
