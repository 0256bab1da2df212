"""The guide's panel on the editors' start page: what needs doing today, each a link to it."""

from datetime import timedelta

from django import template
from django.db.models import Max
from django.utils import timezone

from .. import translations
from ..links import broken_links
from ..models import Article, LinkCheck, ZeroResultQuery
from ..quality import REVIEW_EVERY_DAYS

register = template.Library()

REVIEW_DUE_WITHIN_DAYS = 30
TOP_ZERO_RESULT_SEARCHES = 10


def guide_work(today=None) -> dict:
    now = timezone.now()
    today = today or timezone.localdate()
    due_by = today - timedelta(days=REVIEW_EVERY_DAYS - REVIEW_DUE_WITHIN_DAYS)
    return {
        "awaiting_review": Article.objects.filter(status=Article.Status.REVIEW),
        "scheduled": Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).order_by("published_at"),
        "review_due": Article.objects.filter(
            reviewer__isnull=False, reviewed_on__lte=due_by
        ).order_by("reviewed_on"),
        "broken_links": broken_links(),
        "links_checked": LinkCheck.objects.aggregate(at=Max("last_checked"))["at"],
        "stale_translations": translations.stale_translations(),
        "missing_translations": translations.missing_translations().in_reading_order(),
        "zero_result_searches": ZeroResultQuery.objects.all()[:TOP_ZERO_RESULT_SEARCHES],
    }


@register.inclusion_tag("admin/guide/work_panel.html", takes_context=True)
def guide_work_panel(context):
    user = context["request"].user
    if not user.has_module_perms("guide"):
        return {"show": False}
    return {"show": True, **guide_work()}
