"""Site search over published articles of one language. `search_articles` is the one entry
point, whatever the database: weighted full-text search with a trigram fallback for misspellings
on PostgreSQL (the language's text search configuration: English, or Spanish with accents
ignored), and a simpler word match on SQLite (accents ignored too). Snippets come back as safe
HTML with the matches in <mark>."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from iopguide.core.languages import current_language

from .languages import SEARCH_CONFIGS, Language
from .markdown import CONTROL_CHARACTERS
from .models import Article, ZeroResultQuery

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
MAX_RESULTS = 20
SNIPPET_LENGTH = 220
# Misspelling fallback: how close (pg_trgm similarity, 0 to 1) a word in the articles must be
# to a query word to replace it; "theraphy" and "therapy" score 0.55, "xylophone" and "phone" 0.33.
TRIGRAM_THRESHOLD = 0.4
MIN_RESPELL_LENGTH = 4
# Control characters cannot occur in queries or in body_text, so they can mark matches in
# unescaped text until it is escaped.
MARK_START, MARK_END = "\x02", "\x03"
WORD = re.compile(r"\w+")
RESULT_FIELDS = ("title", "slug", "summary", "section", "language")


@dataclass
class SearchOutcome:
    query: str
    results: list[Article] = field(default_factory=list)  # each with a `snippet`
    problem: str = ""  # "empty" or "too long" when no search ran
    respelled: str = ""  # the query as searched when its own words found nothing


def clean_query(raw: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())


def search_articles(raw_query: str, language: str | None = None) -> SearchOutcome:
    """Search the published articles in `language` (the current language by default)."""
    query = clean_query(raw_query)
    if not WORD.search(query):
        return SearchOutcome(query, problem="empty")
    if len(query) > MAX_QUERY_LENGTH:
        return SearchOutcome(query, problem="too long")
    language = language or current_language()
    articles = Article.objects.published().in_language(language)
    if connections[articles.db].vendor != "postgresql":
        return SearchOutcome(query, _word_match(articles, query))
    config = SEARCH_CONFIGS[language]
    results = _full_text(articles, query, config)
    if not results and (respelled := _respelled(articles, query)):
        return SearchOutcome(query, _full_text(articles, respelled, config), respelled=respelled)
    return SearchOutcome(query, results)


def record_zero_result(query: str, language: str = Language.ENGLISH) -> None:
    """Count a search that found nothing, per language, for the editors (admin: Zero result
    queries).

    A documented counter, and the only database write a reader's GET makes (docs/architecture.md,
    "Writes on GET"): one row per distinct query and language, its count and when it was last
    seen; nothing about the reader."""
    key = query.lower()[: ZeroResultQuery._meta.get_field("query").max_length]
    rows = ZeroResultQuery.objects.filter(query=key, language=language)
    if rows.update(count=F("count") + 1, last_seen=timezone.now()):
        return
    try:
        with transaction.atomic():
            ZeroResultQuery.objects.create(query=key, language=language)
    except IntegrityError:  # another request created it first
        rows.update(count=F("count") + 1, last_seen=timezone.now())


def _full_text(articles, query: str, config: str) -> list[Article]:
    search_query = SearchQuery(query, search_type="websearch", config=config)
    found = (
        articles.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                "body_text",
                search_query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                min_words=20,
                max_words=40,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .only(*RESULT_FIELDS)
        .order_by("-rank", "title")[:MAX_RESULTS]
    )
    results = list(found)
    for article in results:
        article.snippet = _marked(article.headline)
    return results


def _respelled(articles, query: str) -> str:
    """The query with each longer word replaced by the most similar word (by pg_trgm trigram
    similarity) in the published articles, or "" when no word changed."""
    terms = [term for term in WORD.findall(query.lower()) if len(term) >= MIN_RESPELL_LENGTH]
    if not terms:  # short words ("the", "to") resemble too much to be worth a guess
        return ""
    published_sql, params = articles.values("title", "summary", "body_text").query.sql_with_params()
    with connections[articles.db].cursor() as cursor:
        cursor.execute(
            f"""
            WITH words AS (
                SELECT DISTINCT regexp_split_to_table(
                    lower(concat_ws(' ', title, summary, body_text)), '[^[:alnum:]]+'
                ) AS word
                FROM ({published_sql}) AS published
            )
            SELECT DISTINCT ON (term) term, word
            FROM unnest(%s::text[]) AS term, words
            WHERE similarity(word, term) >= %s
            ORDER BY term, similarity(word, term) DESC, word
            """,
            (*params, terms, TRIGRAM_THRESHOLD),
        )
        closest = dict(cursor.fetchall())
    respelled = WORD.sub(lambda found: closest.get(found[0].lower(), found[0]), query)
    return respelled if respelled.lower() != query.lower() else ""


def folded(text: str) -> str:
    """Lower case without accents, one character for each character of `text` ("Adicción" →
    "adiccion"), so a match's position in the folded text is its position in the original."""
    return "".join(unicodedata.normalize("NFD", char.lower())[0] for char in text)


def _word_match(articles, query: str) -> list[Article]:
    """Every word must appear in the title, summary or body, whatever the accents and case;
    title matches rank first. SQLite's LIKE folds neither accents nor non-ASCII case, so Python
    compares the folded texts (the guide holds a few dozen articles per language)."""
    terms = list(dict.fromkeys(folded(word) for word in WORD.findall(query)))[:MAX_TERMS]
    scored = []
    for article in articles.only(*RESULT_FIELDS, "body_text"):
        title, summary, body = map(folded, (article.title, article.summary, article.body_text))
        if all(term in title or term in summary or term in body for term in terms):
            score = sum(
                10 * (term in title) + 3 * (term in summary) + min(body.count(term), 5)
                for term in terms
            )
            scored.append((-score, article.title, article))
    results = [article for *_, article in sorted(scored, key=lambda item: item[:2])]
    for article in results[:MAX_RESULTS]:
        article.snippet = _excerpt(article.body_text, terms)
    return results[:MAX_RESULTS]


def _excerpt(text: str, terms: list[str]) -> SafeString:
    pattern = re.compile("|".join(map(re.escape, terms)))
    match = pattern.search(folded(text))
    start = max(0, (match.start() if match else 0) - SNIPPET_LENGTH // 3)
    if start:  # begin and end on whole words
        start = text.find(" ", start) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + SNIPPET_LENGTH // 2)
    excerpt = text[start:end]
    marked = excerpt  # matched in the folded text, marked in the original, last match first
    for found in reversed(list(pattern.finditer(folded(excerpt)))):
        begin, stop = found.span()
        marked = f"{marked[:begin]}{MARK_START}{marked[begin:stop]}{MARK_END}{marked[stop:]}"
    return _marked(("… " if start else "") + marked + (" …" if end < len(text) else ""))


def _marked(text: str) -> SafeString:
    """Escape everything, then turn the match markers into <mark> elements."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped above; only our own tags added
