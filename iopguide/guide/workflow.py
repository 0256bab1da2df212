"""The editorial workflow: every editor's write to an article goes through here.

draft → in review → published (now, or scheduled for a future time), and back to draft. Each
function checks the user's permission, refuses an edit based on an outdated version, keeps a 301
redirect when a published article's address changes, and saves once (one history entry, with an
optional message). Saving also invalidates the readers' page cache (see Article.save).

Dates readers see: "Updated" (`updated_on`) moves to today whenever an editor changes the text
(title, summary, body or sources) unless they mark the edit as minor; a clinical review date is
set only by `approve_review`, by a user linked to a Reviewer record.
"""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Article, Reviewer

Status = Article.Status


class WorkflowError(Exception):
    """A transition that does not apply to the article's current status."""


class StaleVersion(Exception):
    """Someone saved the article after this editor opened it."""

    def __init__(self, current: Article):
        self.current = current
        super().__init__(
            f"{current_editor(current)} saved this article after you opened it, so your changes "
            "were not saved (nothing was overwritten). Copy your changes, reload the page to see "
            "their version, and apply your changes again."
        )


def current_editor(article: Article) -> str:
    latest = article.history.select_related("history_user").first()
    user = latest.history_user if latest else None
    return f"{user.get_full_name() or user.get_username()}" if user else "Someone else"


def can_publish(user) -> bool:
    return user.has_perm("guide.publish_article")


def can_review(user) -> bool:
    return user.has_perm("guide.review_article")


def can_edit(user, article: Article | None = None) -> bool:
    """Writers edit drafts; reviewers (who may publish) edit any article."""
    if article is None or article.pk is None:
        return user.has_perm("guide.add_article") or user.has_perm("guide.change_article")
    if not user.has_perm("guide.change_article"):
        return False
    return article.status == Status.DRAFT or can_publish(user)


# What readers read: a change to one of these is a change "in substance" unless marked minor.
TEXT_FIELDS = ("title", "summary", "body", "sources")


def save_article(
    article: Article,
    user,
    *,
    expected_version: int | None = None,
    message: str = "",
    minor: bool = False,
) -> Article:
    """Save an edit. `expected_version` is the version the editor started from: if the article
    has been saved since, StaleVersion is raised and nothing is written. A new article, or a
    change to its text, moves `updated_on` to today unless `minor` (a typo or a link fix)."""
    with transaction.atomic():
        previous = None
        if article.pk is not None:
            previous = Article.objects.select_for_update().filter(pk=article.pk).first()
        if not can_edit(user, previous or article):
            raise PermissionDenied("You may not edit this article.")
        if previous is not None:
            if expected_version is not None and previous.version != expected_version:
                raise StaleVersion(previous)
            article.version = previous.version  # Article.save() moves it on by one
        if (_text_changed(previous, article) and not minor) or article.updated_on is None:
            article.updated_on = timezone.localdate()
        article._history_user = user
        article._change_reason = message.strip()[:100] or None
        article.save()
        if previous is not None and previous.slug != article.slug:
            _redirect_old_address(previous, article)
    return article


def _text_changed(previous: Article | None, article: Article) -> bool:
    if previous is None:
        return True
    current = {field: getattr(article, field) for field in TEXT_FIELDS}
    current["body"] = current["body"].replace("\r\n", "\n")  # as Article.save() stores it
    return any(getattr(previous, field) != value for field, value in current.items())


def reviewer_of(user) -> Reviewer | None:
    """The Reviewer record a user signs reviews with, if any."""
    if not user.is_authenticated:
        return None
    return Reviewer.objects.filter(user=user).first()


def can_approve_review(user) -> bool:
    return can_review(user) and reviewer_of(user) is not None


def approve_review(article: Article, user, **save_options) -> Article:
    """The clinical sign-off: records the user's Reviewer record and today's date. The only
    way an article gets a review date."""
    reviewer = reviewer_of(user) if can_review(user) else None
    if reviewer is None:
        raise PermissionDenied(
            "Only a reviewer (an account linked to a reviewer record, with the review "
            "permission) can approve a clinical review."
        )
    article.reviewer = reviewer
    article.reviewed_on = timezone.localdate()
    note = f"Clinical review approved by {reviewer}"
    return save_article(article, user, **_with_message(save_options, note))


def submit_for_review(article: Article, user, **save_options) -> Article:
    if not user.has_perm("guide.submit_article"):
        raise PermissionDenied("You may not submit articles for review.")
    if article.status != Status.DRAFT:
        raise WorkflowError("Only a draft can be submitted for review.")
    article.status = Status.REVIEW
    return save_article(article, user, **_with_message(save_options, "Submitted for review"))


def publish(article: Article, user, *, at=None, **save_options) -> Article:
    """Publish now, or at `at` when that is in the future (scheduled: it goes live on its own,
    because published() compares published_at with the current time)."""
    if not can_publish(user):
        raise PermissionDenied("You may not publish articles.")
    now = timezone.now()
    article.status = Status.PUBLISHED
    article.published_at = at or now
    note = "Scheduled" if article.published_at > now else "Published"
    return save_article(article, user, **_with_message(save_options, note))


def unpublish(article: Article, user, **save_options) -> Article:
    """Take a published, scheduled or in-review article back to draft."""
    if not can_publish(user):
        raise PermissionDenied("You may not unpublish articles.")
    if article.status == Status.DRAFT:
        raise WorkflowError("This article is already a draft.")
    article.status = Status.DRAFT
    article.published_at = None
    return save_article(article, user, **_with_message(save_options, "Returned to draft"))


# Restoring brings back what the article said, not where it is in the workflow, nor a review
# (a review date belongs to the review action alone).
RESTORED_FIELDS = [
    "title",
    "slug",
    "summary",
    "meta_title",
    "section",
    "order",
    "body",
    "author",
    "sources",
    "related",
]


def restore_version(article: Article, record, user) -> Article:
    """Save the content of an earlier history record as a new version of `article`."""
    if record.id != article.pk:
        raise WorkflowError("That version belongs to another article.")
    earlier = record.instance
    for field in RESTORED_FIELDS:
        setattr(article, field, getattr(earlier, field))
    stamp = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
    return save_article(
        article,
        user,
        expected_version=article.version,
        message=f"Restored the version of {stamp}",
    )


def scheduled_publications():
    """When scheduled articles go live (registered with the page cache's schedule)."""
    upcoming = Article.objects.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
    return upcoming.values_list("published_at", flat=True)


def _with_message(save_options: dict, default: str) -> dict:
    message = save_options.get("message") or ""
    return {**save_options, "message": f"{default}: {message}" if message else default}


def _redirect_old_address(previous: Article, article: Article) -> None:
    """A published article's old address answers 301 to the new one. Chains are collapsed
    (A→B then B→C leaves A→C and B→C), and an address in use again stops redirecting."""
    if previous.status != Status.PUBLISHED:
        return
    site = Site.objects.get_current()
    old_path, new_path = previous.get_absolute_url(), article.get_absolute_url()
    Redirect.objects.filter(site=site, new_path=old_path).update(new_path=new_path)
    Redirect.objects.filter(site=site, old_path=new_path).delete()
    Redirect.objects.update_or_create(site=site, old_path=old_path, defaults={"new_path": new_path})
