from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from iopguide.core import rate_limits
from iopguide.core.freshness import conditional_page
from iopguide.core.page_cache import reader_page_cache

from . import sharing, tools, worksheet
from .forms import SelfCheckForm
from .models import Article, Reviewer
from .search import record_zero_result, search_articles

LISTING_FIELDS = ("title", "slug", "summary", "section", "order")


# Written once: the meta description and the JSON-LD both read it.
SEARCH_DESCRIPTION = _("Search the IOP Guide's articles about intensive outpatient treatment.")


def _listing():
    """Published articles in reading order, with just what links to them need."""
    return Article.objects.published().in_reading_order().only(*LISTING_FIELDS)


@require_safe
@reader_page_cache
@conditional_page
def index(request):
    return render(request, "guide/index.html", {"articles": _listing()})


def _article_page(request, article, preview=False, shared=None):
    # One query for the list behind related links and previous/next, whatever the article.
    listing = list(_listing())
    by_slug = {item.slug: item for item in listing}
    position = next((i for i, item in enumerate(listing) if item.pk == article.pk), None)
    context = {
        "article": article,
        "related": [
            by_slug[slug]
            for slug in article.related or []
            if isinstance(slug, str) and slug in by_slug and slug != article.slug
        ],
        "previous": listing[position - 1] if position else None,
        "next": listing[position + 1]
        if position is not None and position + 1 < len(listing)
        else None,
        "preview": preview,
        "shared": shared,
    }
    return render(request, "guide/article.html", context)


@require_safe
@reader_page_cache
@conditional_page
def article(request, slug):
    live = Article.objects.published().select_related("reviewer")
    return _article_page(request, get_object_or_404(live, slug=slug))


@require_safe
@never_cache
@staff_member_required
def preview(request, slug):
    """Editors see any article, whatever its status, as readers will. Never cached or indexed.
    Staff without article permissions (directory editors) are refused."""
    if not request.user.has_perm("guide.view_article"):
        raise PermissionDenied
    any_status = Article.objects.select_related("reviewer")
    response = _article_page(request, get_object_or_404(any_status, slug=slug), preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@never_cache
def shared_draft(request, token):
    """A review link (sharing.py): the article as last saved, for someone without an account,
    drawn as readers will see it. Never cached or indexed; nothing on it edits anything."""
    if sharing.too_many_bad_tokens(request):
        response = render(request, "guide/shared_unavailable.html", {"limited": True}, status=429)
        response["Retry-After"] = str(rate_limits.HOUR)
        return sharing.keep_private(response)
    link, refusal = sharing.open_link(token)
    if refusal is sharing.Refusal.UNKNOWN:
        sharing.count_bad_token(request)
    if refusal:
        context = {"refusal": refusal}
        response = render(request, "guide/shared_unavailable.html", context, status=refusal.status)
    else:
        response = _article_page(request, link.article, shared=link)
    return sharing.keep_private(response)


@require_safe
@reader_page_cache
@conditional_page
def reviewer(request, slug):
    """A reviewer's public page: who they are, their disclosures, what they signed off."""
    person = get_object_or_404(Reviewer, slug=slug)
    reviewed = (
        Article.objects.published()
        .filter(reviewer=person, reviewed_on__isnull=False)
        .in_reading_order()
        .only(*LISTING_FIELDS, "reviewed_on")
    )
    return render(request, "guide/reviewer.html", {"reviewer": person, "reviewed": reviewed})


@require_safe
@reader_page_cache
@conditional_page
def sources(request):
    """Every source cited across published articles, once each, with the articles citing it."""
    cited = {}
    for item in Article.objects.published().in_reading_order().only("title", "slug", "sources"):
        for source in item.cited_sources():
            entry = cited.setdefault(source.get("url"), {**source, "articles": []})
            entry["articles"].append(item)
    listed = sorted(cited.values(), key=lambda s: (s["publisher"].lower(), s["title"].lower()))
    return render(request, "guide/sources.html", {"sources": listed})


@require_safe
def search(request):
    # Not page-cached: every search that finds nothing must reach record_zero_result, the
    # counter this GET writes on purpose (docs/architecture.md, "Writes on GET").
    raw_query = request.GET.get("q", "")
    outcome = search_articles(raw_query) if raw_query.strip() else None
    if outcome and not outcome.problem and not outcome.results and request.method == "GET":
        record_zero_result(outcome.query)
    return render(
        request, "guide/search.html", {"outcome": outcome, "description": SEARCH_DESCRIPTION}
    )


@require_safe
@reader_page_cache
@conditional_page
def self_check(request):
    """The self-check's questions: the same page for everyone, so it is cached and indexed."""
    return render(request, "guide/self_check.html", {"form": SelfCheckForm()})


@require_safe
def self_check_answers(request):
    """Next steps for the answers in the query string, or the questions again with what is
    missing. The answers are personal: nothing stores them (no session, cookie, database row or
    shared cache), search engines are told not to index them, and links from here send no
    Referer that would carry them."""
    form = SelfCheckForm(request.GET)
    if form.is_valid() and "change" not in request.GET:
        context = {"form": form, "result": tools.self_check_result(form.cleaned_data)}
        response = render(request, "guide/self_check_answers.html", context)
    else:
        response = render(request, "guide/self_check.html", {"form": form, "personal": True})
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
@reader_page_cache
@conditional_page
def call_worksheet(request):
    questions, sources = worksheet.call_worksheet()
    context = {"questions": questions, "sources": sources}
    return render(request, "guide/call_worksheet.html", context)
