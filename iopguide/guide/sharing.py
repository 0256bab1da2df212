"""Review links: an article shown as last saved to someone without an account (docs/editors.md).

A link's address is `/guide/shared/<token>/`, the token being the link's random key signed
with the SECRET_KEY: a tampered or made-up token is refused before the database is asked, and
the table alone gives nobody a working address. A link works until it expires (7 days unless
the editor picks another length) or someone who may edit the article revokes it.
"""

import enum
import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from iopguide.core import rate_limits
from iopguide.core.site_urls import absolute_url

from . import workflow
from .models import DraftShareLink

DEFAULT_DAYS = 7
DAY_CHOICES = (1, 3, 7, 14, 30)
# Not a valid link, from one address in an hour: more are answered 429 (valid ones too, so a
# guesser learns nothing more once limited).
BAD_TOKENS_PER_HOUR = 20
RATE_LIMIT_BUCKET = "draft-share"
_SALT = "iopguide.guide.sharing"
# "." is in neither the key's nor the signature's alphabet, and survives being pasted anywhere.
_SEPARATOR = "."


class Refusal(enum.Enum):
    """Why a token shows no article, with the status and the words the reviewer gets."""

    UNKNOWN = (404, "This review link is not valid")
    EXPIRED = (410, "This review link has expired")
    REVOKED = (410, "This review link was withdrawn")

    def __init__(self, status, heading):
        self.status = status
        self.heading = heading


def can_share(user, article) -> bool:
    """Whoever may change the article may share it and revoke its links."""
    return workflow.can_edit(user, article)


def create_link(article, user, *, days: int = DEFAULT_DAYS, note: str = "") -> DraftShareLink:
    if not can_share(user, article):
        raise PermissionDenied("You may not share this article.")
    now = timezone.now()
    return DraftShareLink.objects.create(
        article=article,
        key=secrets.token_urlsafe(32),
        note=note.strip(),
        created_by=user,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )


def revoke_link(link: DraftShareLink, user) -> None:
    if not can_share(user, link.article):
        raise PermissionDenied("You may not revoke this link.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked_at", "revoked_by"])


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT, sep=_SEPARATOR)


def share_url(link: DraftShareLink) -> str:
    """The link's full address on SITE_URL, to copy into an email."""
    token = _signer().sign(link.key)
    return absolute_url(reverse("guide:shared", kwargs={"token": token}))


def open_link(token: str) -> tuple[DraftShareLink | None, Refusal | None]:
    """The link a token stands for, or why it shows nothing."""
    try:
        key = _signer().unsign(token)
    except signing.BadSignature:
        return None, Refusal.UNKNOWN
    link = (
        DraftShareLink.objects.select_related("article", "article__reviewer")
        .filter(key=key)
        .first()
    )
    if link is None:
        return None, Refusal.UNKNOWN
    if link.revoked_at is not None:
        return None, Refusal.REVOKED
    if link.expires_at <= timezone.now():
        return None, Refusal.EXPIRED
    return link, None


def too_many_bad_tokens(request) -> bool:
    return rate_limits.hourly_count(request, RATE_LIMIT_BUCKET) >= BAD_TOKENS_PER_HOUR


def count_bad_token(request) -> None:
    rate_limits.hourly_limit_reached(request, RATE_LIMIT_BUCKET, BAD_TOKENS_PER_HOUR)


def keep_private(response):
    """No index, no Referer carrying the token to the pages it links to (nor to the sources'
    sites). `never_cache` on the view keeps it out of every cache."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
