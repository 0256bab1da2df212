"""Autosave of the article form: what an editor typed but has not saved yet, kept on the server
every half minute (static/js/admin-autosave.js) so a crash or a closed tab loses nothing.

A draft is the form's values, never the article: keeping one changes no article, no version and
no history, so it can never publish anything nor overwrite anyone. Offered back to its editor
when they open the form again; if someone saved the article after that editor opened it, the
draft says so, and putting it back into the form keeps the version it started from, so the
form's own check (workflow.StaleVersion) refuses to save it over the newer version.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone

from . import workflow
from .admin_rows import RowsWidget
from .models import Article, ArticleAutosave

# The browser sends a draft every 30 seconds at most; anything faster is a loop or a script.
MIN_INTERVAL = timedelta(seconds=10)
# Longer than a draft's request can take to arrive.
IN_FLIGHT = timedelta(seconds=30)
# Per value, as the preview allows; an article's body is a small fraction of it.
MAX_VALUE_LENGTH = 200_000
# The version check's own field: a draft records its version itself (`base_version`).
NOT_KEPT = {"expected_version"}


class AutosaveRefused(Exception):
    """A draft not kept; the message is for the editor, `status` for the response."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Pending:
    """A draft to offer back when the editor opens the form."""

    autosave: ArticleAutosave
    # Someone saved the article after this draft's editor opened it.
    stale: bool = False
    saved_by: str = ""
    compare_url: str = ""


def field_names(form_class) -> list[str]:
    """The names the browser posts for a form's fields (a split date and time posts two)."""
    names = []
    for name, field in form_class.base_fields.items():
        if name in NOT_KEPT:
            continue
        widget = field.widget
        if isinstance(widget, RowsWidget):
            names += widget.posted_names(name)
        elif isinstance(widget, forms.MultiWidget):
            names += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(name)
    return names


def clean_fields(fields, allowed: list[str]) -> dict:
    """The draft's values, or AutosaveRefused naming what is wrong with them."""
    if not isinstance(fields, dict):
        raise AutosaveRefused("The draft must be the form's fields by name.")
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise AutosaveRefused(f"Not a field of this form: {', '.join(unknown)}.")
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | bool) for item in values):
            raise AutosaveRefused(f"{name}: a field's value must be text.")
        if sum(len(item) for item in values if isinstance(item, str)) > MAX_VALUE_LENGTH:
            raise AutosaveRefused(f"{name} is too long to keep ({MAX_VALUE_LENGTH:,} characters).")
    return fields


def record(user, article: Article | None, fields: dict, base_version: int | None):
    """Keep `user`'s draft of `article` (None: a new article). Writes nothing to the article."""
    if article is not None:
        if base_version is None:
            raise AutosaveRefused("A draft of a saved article needs the version it started from.")
        if _just_saved_by(user, article, base_version):
            raise AutosaveRefused("You saved this article since; this draft is not needed.", 409)
    now = timezone.now()
    kept = ArticleAutosave.objects.filter(user=user, article=article).first()
    if kept is not None and now - kept.saved_at < MIN_INTERVAL:
        raise AutosaveRefused("Drafts are kept every 30 seconds; this one came too soon.", 429)
    kept = kept or ArticleAutosave(user=user, article=article)
    kept.fields, kept.base_version, kept.saved_at = fields, base_version, now
    kept.save()
    return kept


def _just_saved_by(user, article: Article, base_version: int) -> bool:
    """The editor saved the form while this draft was on its way: it is in the article already.
    (A save of theirs from longer ago was in another tab: this draft is still unsaved work.)"""
    since = timezone.now() - IN_FLIGHT
    saves = article.history.filter(version__gt=base_version, history_user=user)
    return saves.filter(history_date__gte=since).exists()


def pending(user, article: Article | None) -> Pending | None:
    """The editor's draft of `article` to offer back, or None."""
    kept = ArticleAutosave.objects.filter(user=user, article=article).first()
    if kept is None:
        return None
    if article is None:
        return Pending(kept)
    if kept.base_version == article.version:
        return Pending(kept) if kept.saved_at > article.updated_at else None
    records = article.history.all()
    started_from = records.filter(version=kept.base_version).first()
    latest = records.first()
    compare_url = ""
    if started_from is not None and latest is not None:
        url = reverse("admin:guide_article_history_compare", args=[article.pk])
        compare_url = f"{url}?older={started_from.history_id}&newer={latest.history_id}"
    saved_by = workflow.current_editor(article)
    return Pending(kept, stale=True, saved_by=saved_by, compare_url=compare_url)


def stale_message(article: Article | None, base_version: int | None) -> str:
    """What to tell an editor typing on a version someone else has saved over, or ""."""
    if article is None or base_version == article.version:
        return ""
    return (
        f"{workflow.current_editor(article)} saved this article after you opened it: saving "
        "this form will be refused. Copy your changes before you reload."
    )


def clear(user, article: Article | None, *, was_new: bool = False) -> None:
    """Drop the editor's draft once the form is saved for real (`was_new`: it was the draft of a
    new article, kept before the article had a row)."""
    ArticleAutosave.objects.filter(user=user, article=article).delete()
    if was_new:
        ArticleAutosave.objects.filter(user=user, article=None).delete()
