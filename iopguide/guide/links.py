"""The links in articles: which addresses an article links to, whether the site's own resolve,
and what the link checker last found at the others.

Links to this site are checked in the process, never over HTTP: resolve() finds the route, the
database the article (and whether it is live), and the article's stored HTML the #anchor. That
needs no network and no running site, sees a draft the moment it is published, and cannot be
fooled by a cached page or an edge in front of SITE_URL. External links are checked over HTTP by
`link_checker.py` from `manage.py check_links`, which stores what it found in `LinkCheck`.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path

from iopguide.core import link_targets

from .models import Article, LinkCheck, Reviewer
from .quality_warning import QualityWarning

# Ids the article page has outside the body (templates/base.html, guide/article.html).
ARTICLE_PAGE_IDS = {
    "main", "toc-heading", "sources-heading", "related-heading",
    "cta-heading", "cta-help", "cta-near",
}  # fmt: skip
URL_MAX = LinkCheck._meta.get_field("url").max_length
# Footnote numbers and their back links: made by the markdown pipeline, always present.
FOOTNOTE_ANCHORS = ("fn:", "fnref:")


@dataclass(frozen=True)
class LinkOutcome:
    """One check of one address: `error` is empty when the link works. `definite` marks a
    failure that no second try would change (404, 410, a redirect loop, a missing page here)."""

    status: int | None = None
    final_url: str = ""
    moved: bool = False
    error: str = ""
    definite: bool = False
    answered: bool = True


def host_of(url: str) -> str:
    """The host name of `url`, lower case; empty for an address too malformed to have one."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class _Anchors(HTMLParser):
    """The link targets (href) and anchor ids of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def _parse(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html or "")
    parser.close()
    return parser


def normalize(href: str, page_path: str) -> tuple[str, str] | None:
    """(kind, address) for a link on the page at `page_path`, or None for one not to check
    (mail, phone, footnotes). Internal links become a path; external ones lose their #part."""
    href = href.strip()
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[::1": only a source's URL can be this broken (nh3 drops it)
        return LinkCheck.Kind.EXTERNAL, href
    own_host = urlsplit(settings.SITE_URL).netloc.lower()
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.lower() != own_host:
        scheme = parts.scheme or "https"
        address = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
        return LinkCheck.Kind.EXTERNAL, address
    if parts.fragment.startswith(FOOTNOTE_ANCHORS) and not parts.path:
        return None
    path = urljoin(page_path, parts.path) if parts.path else page_path
    address = urlunsplit(("", "", path, parts.query, parts.fragment))
    return LinkCheck.Kind.INTERNAL, address


def article_links(article: Article) -> dict[str, str]:
    """Every address `article` links to (its body, then its sources' URLs) → its kind."""
    page = article.get_absolute_url()
    hrefs = _parse(article.body_html).hrefs + [source["url"] for source in article.cited_sources()]
    found = (normalize(href, page) for href in hrefs)
    # An address longer than LinkCheck can store is left out (none is near it: the longest
    # in content/ has under 200 characters).
    return {address: kind for kind, address in filter(None, found) if len(address) <= URL_MAX}


class InternalLinks:
    """Checks links to this site, remembering each target page it has looked up."""

    def __init__(self):
        # slug → None (no such article), or (live?, the ids in its body)
        self._articles: dict[str, tuple[bool, set[str]] | None] = {}

    def _article(self, slug: str) -> tuple[bool, set[str]] | None:
        if slug not in self._articles:
            article = Article.objects.filter(slug=slug).first()
            self._articles[slug] = article and (
                Article.objects.published().filter(pk=article.pk).exists(),
                _parse(article.body_html).ids | ARTICLE_PAGE_IDS,
            )
        return self._articles[slug]

    def problem(self, address: str) -> tuple[str, str, str] | None:
        """(warning code, what the link points at, what is wrong) when `address` would not
        work for a reader, else None."""
        page = urlsplit(address).path
        # Each language's prefixes (/es/guia/) resolve only while that language is active.
        with translation.override(get_language_from_path(page) or settings.LANGUAGE_CODE):
            return self._problem(address)

    def _problem(self, address: str) -> tuple[str, str, str] | None:
        parts = urlsplit(address)
        page = parts.path
        try:
            match = resolve(page)
        except Resolver404:
            if page.endswith("/") or not self._resolves(page + "/"):
                return "broken-link", page, "there is no such page on the site."
            match = resolve(page + "/")  # APPEND_SLASH redirects there
        if match.view_name == "guide:article":
            return self._article_problem(match.kwargs["slug"], page, parts.fragment)
        if match.view_name == "guide:reviewer" and not (
            Reviewer.objects.filter(slug=match.kwargs["slug"]).exists()
        ):
            return "broken-link", page, "there is no such reviewer."
        if match.view_name == "media" and not default_storage.exists(match.kwargs["path"]):
            return "broken-link", page, "there is no such uploaded file."
        reason = link_targets.problem(match.view_name, match.kwargs)  # other apps' pages
        return ("broken-link", page, reason) if reason else None

    @staticmethod
    def _resolves(page: str) -> bool:
        try:
            resolve(page)
        except Resolver404:
            return False
        return True

    def _article_problem(self, slug, page, fragment) -> tuple[str, str, str] | None:
        found = self._article(slug)
        if found is None:
            return "broken-link", page, "there is no such article."
        live, ids = found
        if not live:
            return "unpublished-link", page, "that article is not live."
        if fragment and fragment not in ids:
            return (
                "broken-link",
                f"{page}#{fragment}",
                f"that article has no heading “#{fragment}”; check the part after # against "
                "the heading's id.",
            )
        return None

    def outcome(self, address: str) -> LinkOutcome:
        found = self.problem(address)
        return LinkOutcome(error=found[2] if found else "", definite=True)


def internal_link_warnings(hrefs: list[str], page_path: str) -> list[QualityWarning]:
    """The quality panel's warnings for links to this site, in address order."""
    addresses = sorted(
        {
            address
            for kind, address in filter(None, (normalize(href, page_path) for href in hrefs))
            if kind == LinkCheck.Kind.INTERNAL
        }
    )
    checker = InternalLinks()
    found = (checker.problem(address) for address in addresses)
    return [
        QualityWarning(code, f"Link to {target}: {reason}")
        for code, target, reason in filter(None, found)
    ]


def stored_link_warnings(article: Article) -> list[QualityWarning]:
    """What the last `check_links` run found wrong with the article's external links, for the
    links the article still has (a link fixed since then is not reported)."""
    if article.pk is None:
        return []
    external = [
        address
        for address, kind in article_links(article).items()
        if kind == LinkCheck.Kind.EXTERNAL
    ]
    warnings = []
    for check in LinkCheck.objects.filter(url__in=external):
        if check.is_broken:
            warnings.append(
                QualityWarning(
                    "link-broken",
                    f"Link to {check.url}: {check.error} (failing since "
                    f"{timezone.localtime(check.failing_since):%B %-d, %Y}; last checked "
                    f"{timezone.localtime(check.last_checked):%B %-d, %Y}). "
                    "Fix the address or remove the link.",
                )
            )
        elif check.moved and not check.error:
            warnings.append(
                QualityWarning(
                    "link-moved",
                    f"Link to {check.url} redirects to {check.final_url}: link to the new address.",
                )
            )
    return warnings


def broken_links(limit: int = 50) -> list[dict]:
    """The start page's list: each broken link with the article that still has it."""
    links_of: dict[int, dict[str, str]] = {}
    rows = []
    checks = LinkCheck.objects.filter(is_broken=True).prefetch_related("articles")
    for check in checks.order_by("failing_since", "url"):
        for article in check.articles.all():
            if article.pk not in links_of:
                links_of[article.pk] = article_links(article)
            if check.url in links_of[article.pk]:
                rows.append({"article": article, "check": check})
    return rows[:limit]


@dataclass
class RunSummary:
    articles: int = 0
    fine: int = 0
    moved: list = field(default_factory=list)
    failing: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    offline: bool = False


def check_articles(articles, check_external, now, everything=False) -> RunSummary:
    """Check every link of `articles` (internal ones here, external ones with
    `check_external(urls) -> {url: LinkOutcome}`), store what was found, and say what.

    When no external server answered at all, across two or more hosts, the network is down
    rather than every site: external results are then not stored (nothing counts as a failure),
    and the summary says `offline`. `everything`: `articles` are all the published ones, so
    the results of any other article (unpublished since, or a draft checked alone) are stale."""
    links_of = {article: article_links(article) for article in articles}
    kinds = {address: kind for found in links_of.values() for address, kind in found.items()}
    external = [address for address, kind in kinds.items() if kind == LinkCheck.Kind.EXTERNAL]
    internal = InternalLinks()
    outcomes = {address: internal.outcome(address) for address in kinds if address not in external}
    external_outcomes = check_external(external) if external else {}
    hosts = {host_of(address) for address in external}
    summary = RunSummary(articles=len(links_of))
    if len(hosts) > 1 and not any(outcome.answered for outcome in external_outcomes.values()):
        summary.offline = True
    else:
        outcomes.update(external_outcomes)
    with transaction.atomic():
        checks = _store(outcomes, kinds, now)
        for article, found in links_of.items():
            # Only the links checked now: an offline run keeps the earlier external results.
            kept = article.link_checks.filter(url__in=found).exclude(url__in=outcomes)
            article.link_checks.set([*kept, *(checks[a] for a in found if a in checks)])
        if everything:
            LinkCheck.articles.through.objects.exclude(article__in=articles).delete()
        LinkCheck.objects.filter(articles=None).delete()
    for check in checks.values():
        if check.is_broken:
            summary.broken.append(check)
        elif check.error:
            summary.failing.append(check)
        elif check.moved:
            summary.moved.append(check)
        else:
            summary.fine += 1
    return summary


def _store(outcomes: dict[str, LinkOutcome], kinds: dict[str, str], now) -> dict:
    existing = LinkCheck.objects.in_bulk(list(outcomes), field_name="url")
    checks = {}
    for address, outcome in outcomes.items():
        check = existing.get(address) or LinkCheck(
            url=address, kind=kinds[address], first_checked=now
        )
        check.record(outcome, now)
        check.save()
        checks[address] = check
    return checks
