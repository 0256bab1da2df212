"""Conditional GET for content pages: ETag and Last-Modified from one cheap query, so a crawler
or browser that already has the page gets 304 Not Modified without the page being rendered.

What a page shows depends on its data *and* on the code and templates that render it, so both
validators also cover the deployed code: a release that changes a template changes every ETag,
and Last-Modified is never older than the newest source file.
"""

import datetime
import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.views.decorators.http import condition

from iopguide.directory.models import Facility
from iopguide.guide.models import Article

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


def conditional_page(freshness):
    """View decorator. `freshness(request, *args, **kwargs)` returns (last change, key): the time
    the page's data last changed and a string that changes whenever the page's data does; or
    None to let the view answer (for example with a 404)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            state = freshness(request, *args, **kwargs)
            if state is None:
                return view(request, *args, **kwargs)
            changed, key = state
            code_hash, code_changed = code_version()
            last_modified = max(filter(None, (changed, code_changed)))
            etag = hashlib.sha256(f"{key}|{changed}|{code_hash}".encode()).hexdigest()[:32]
            return condition(
                etag_func=lambda *args, **kwargs: f'"{etag}"',
                last_modified_func=lambda *args, **kwargs: last_modified,
            )(view)(request, *args, **kwargs)

        return wrapped

    return decorator


def guide_freshness(request, *args, **kwargs):
    """Every guide page lists or links other articles, so any article's change (an edit, a
    status change, a scheduled article going live) is a change to all of them."""
    now = timezone.now()
    published = Q(status=Article.Status.PUBLISHED, published_at__lte=now)
    state = Article.objects.aggregate(
        edited=Max("updated_at"),
        went_live=Max("published_at", filter=published),
        live=Count("pk", filter=published),
        total=Count("pk"),
    )
    changed = max(filter(None, (state["edited"], state["went_live"])), default=None)
    return changed, f"guide:{state['live']}:{state['total']}"


def facility_freshness(request, slug, *args, **kwargs):
    row = Facility.objects.filter(slug=slug).values_list("updated_at", "is_active").first()
    if row is None:
        return None
    return row[0], f"facility:{slug}:{row[1]}"


def browse_freshness(request, state, city=None, *args, **kwargs):
    """A state or city page changes when any facility there changes, including one that was
    deactivated (it leaves the list)."""
    facilities = Facility.objects.filter(state=state.upper())
    if city is not None:
        facilities = facilities.filter(city_slug=city)
    row = facilities.aggregate(
        changed=Max("updated_at"), active=Count("pk", filter=Q(is_active=True))
    )
    if row["changed"] is None:
        return None
    return row["changed"], f"browse:{state.lower()}:{city}:{row['active']}"
