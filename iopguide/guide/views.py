from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from iopguide.core import rate_limits
from iopguide.core.freshness import conditional_page
from iopguide.core.languages import current_language
from iopguide.core.page_cache import reader_page_cache

from . import sharing, tools, translations, worksheet
from .forms import SelfCheckForm
from .languages import Language
from .models import Article, Reviewer
from .search import record_zero_result, search_articles

LISTING_FIELDS = ("title", "slug", "summary", "section", "order", "language")


# Written once: the meta description and the JSON-LD both read it.
SEARCH_DESCRIPTION = _("Search the IOP Guide's articles about intensive outpatient treatment.")


def _listing(language=None):
    """Published articles of a language (the current one) in reading order, with just what
    links to them need."""
    live = Article.objects.published().in_language(language)
    return live.in_reading_order().only(*LISTING_FIELDS)


@require_safe
@reader_page_cache
@conditional_page
def index(request):
    articles = _listing()
    if current_language() == Language.SPANISH:
        # Until an article is translated, Spanish readers still find it, marked as English.
        english_only = translations.untranslated(_listing(Language.ENGLISH))
        articles = translations.with_english_only(list(articles), list(english_only))
    return render(request, "guide/index.html", {"articles": articles})


def _article_page(request, article, preview=False, shared=None):
    # One query for the list behind related links and previous/next, whatever the article.
    listing = list(_listing(article.language))
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
        "language_alternates": translations.language_alternates(article),
    }
    return render(request, "guide/article.html", context)


@require_safe
@reader_page_cache
@conditional_page
def article(request, slug):
    live = Article.objects.published().select_related("reviewer", "translation_of")
    found = get_object_or_404(live, slug=slug)
    if found.language == current_language():
        return _article_page(request, found)
    # The other language's slug (a link or an address typed from the other site): its twin
    # here, or on the Spanish side a page that says it is in English only.
    if twin := translations.published_twin(found):
        return redirect(twin)
    if current_language() != Language.SPANISH:
        raise Http404("No English version of this article.")
    context = {"english": found, "language_alternates": {found.language: found.get_absolute_url()}}
    response = render(request, "guide/english_only.html", context, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@never_cache
@staff_member_required
def preview(request, slug):
    """Editors see any article, whatever its status, as readers will. Never cached or indexed.
    Staff without article permissions (directory editors) are refused."""
    if not request.user.has_perm("guide.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("reviewer"), slug=slug)
    with translation.override(article.language):
        response = _article_page(request, article, preview=True)
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
        .in_language()
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
    cited_in = Article.objects.published().in_language().in_reading_order()
    for item in cited_in.only("title", "slug", "language", "sources"):
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
        record_zero_result(outcome.query, current_language())
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
