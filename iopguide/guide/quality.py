"""Editorial quality checks: warnings shown on the edit page and after saving, never blockers.

They read the article's rendered HTML (what readers get), so links, images and text are seen
exactly as published. The reading grade is the Coleman–Liau index from textstat: it counts letters,
words and sentences only, so it needs no pronunciation dictionary (textstat's syllable-based
formulas try to download one at run time, which fails offline). Spanish articles get Spanish
rules instead (quality_spanish.py: Fernández-Huerta reading ease, Spanish person-first words).
"""

import re
from datetime import date
from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import links, quality_spanish
from .accessibility import check_accessibility
from .languages import Language
from .models import Article
from .quality_warning import QualityWarning

MAX_READING_GRADE = 8
MAX_SENTENCE_WORDS = 30
REVIEW_EVERY_DAYS = 365
# The whole <title> (the page adds " · IOP Guide") that search results show without cutting.
META_TITLE_MAX = 60
META_DESCRIPTION_MAX = 155

# Proper names that contain a flagged word but are fine to write in full.
PROPER_NAMES = re.compile(
    r"Substance Abuse and Mental Health Services Administration|"
    r"National Institute on (?:Drug|Alcohol) Abuse|Alcoholics Anonymous",
    re.IGNORECASE,
)
# Word or phrase → person-first wording to suggest.
STIGMATIZING_TERMS = [
    (r"\baddicts?\b", "“person with a substance use disorder”"),
    (r"\babusers?\b", "“person who uses drugs” or “person with a substance use disorder”"),
    (r"\balcoholics?\b", "“person with an alcohol use disorder”"),
    (r"\bjunkies?\b", "“person who uses drugs”"),
    (r"\b(?:substance|drug|alcohol) abuse\b", "“substance use” or “substance use disorder”"),
    # "clean"/"dirty" only where they describe a person or a test, not a kitchen.
    (
        r"\b(?:clean|dirty)\s+(?:urine|tests?|screens?|samples?|results?|time)\b|"
        r"\b(?:tests?|tested|testing|screens?|came back|stay(?:s|ed|ing)?|get(?:s|ting)?|"
        r"got|been|being|is|are|was|were)\s+(?:clean|dirty)\b",
        "“negative” or “positive” for test results; “in recovery” or “not using” for people",
    ),
]
STIGMATIZING = [
    (re.compile(pattern, re.IGNORECASE), advice) for pattern, advice in STIGMATIZING_TERMS
]
# A sentence ends at . ! or ?, perhaps inside a closing quote or bracket, before a capital.
# Spanish sentences may open with ¿ or ¡ and an accented capital.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


class _ArticleText(HTMLParser):
    """Collects the text blocks (paragraphs, list items, table cells), links and images."""

    BLOCKS = {"p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption", "caption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.links: list[str] = []
        self.images: list[dict] = []
        self._current: list[str] = []
        # Depth inside the footnotes: citations keep their sources' own titles and wording.
        self._footnote_depth = 0
        # Inside a footnote number (<sup id="fnref:1">): left out, or "care.1 It looks" would
        # read as one sentence running on into the next.
        self._in_footnote_ref = False
        # Inside a code block: code is not prose, for the reading grade or the wording checks.
        self._in_code_block = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "pre":
            self._flush()
            self._in_code_block = True
        if tag == "sup" and (attributes.get("id") or "").startswith("fnref"):
            self._in_footnote_ref = True
        if tag == "div" and (self._footnote_depth or "footnote" in (attributes.get("class") or "")):
            self._flush()
            self._footnote_depth += 1
        if tag in self.BLOCKS:
            self._flush()
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "img":
            self.images.append(attributes)

    def handle_endtag(self, tag):
        if tag == "pre":
            self._current, self._in_code_block = [], False
        if tag == "sup":
            self._in_footnote_ref = False
        if tag in self.BLOCKS or tag in {"h2", "h3", "h4", "h5", "h6"}:
            self._flush()
        if tag == "div" and self._footnote_depth:
            self._flush()
            self._footnote_depth -= 1

    def handle_data(self, data):
        if not (self._in_footnote_ref or self._in_code_block):
            self._current.append(data)

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text and not self._footnote_depth:
            self.blocks.append(text)
        self._current = []


def read(html: str) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(html or "")
    parser.close()
    return parser


def sentences(blocks: list[str]) -> list[str]:
    return [part for block in blocks for part in SENTENCE_END.split(block) if part.strip()]


def reading_grade(text: str) -> float:
    """US school grade needed to read `text` (Coleman–Liau; works offline)."""
    import textstat  # imported here: it loads nltk, which takes a second

    return round(textstat.coleman_liau_index(text), 1) if text.strip() else 0.0


def check_article(article: Article, today: date | None = None) -> list[QualityWarning]:
    """Every warning for `article`: as last saved (its stored HTML), or for an unsaved article
    as its markdown renders."""
    from . import markdown

    body_html = article.body_html if article.pk else markdown.render(article.body)[0]
    content = read(body_html)
    today = today or timezone.localdate()
    language = article.language
    return [
        *check_removed_html(article.body),
        *check_reading(content.blocks, language),
        *check_wording(" ".join([article.title, article.summary, *content.blocks]), language),
        *check_review(article, today),
        *check_images(content.images),
        *check_links(article, content.links),
        *check_seo(article),
        *check_accessibility(body_html, content.blocks),
    ]


def check_removed_html(body: str) -> list[QualityWarning]:
    """Text the sanitiser dropped (raw HTML), so an editor never loses words silently."""
    from .markdown import removed_text

    message = removed_text(body)
    return [QualityWarning("removed-html", message)] if message else []


def as_sentences(blocks: list[str]) -> str:
    """Each block is a sentence for the formulas, even a list item without a full stop."""
    return " ".join(block if block[-1] in ".!?:" else f"{block}." for block in blocks)


def article_reading_grade(blocks: list[str]) -> float:
    return reading_grade(as_sentences(blocks))


def check_reading(blocks: list[str], language=Language.ENGLISH) -> list[QualityWarning]:
    warnings = []
    if language == Language.SPANISH:
        warnings += quality_spanish.check_reading_ease(as_sentences(blocks))
    elif (grade := article_reading_grade(blocks)) > MAX_READING_GRADE:
        warnings.append(
            QualityWarning(
                "reading-grade",
                f"Reading grade is about {grade:g}; aim for {MAX_READING_GRADE} or lower "
                "(shorter sentences and shorter words help).",
            )
        )
    for sentence in sentences(blocks):
        words = len(sentence.split())
        if words > MAX_SENTENCE_WORDS:
            start = " ".join(sentence.split()[:8])
            warnings.append(
                QualityWarning(
                    "long-sentence",
                    f"A sentence of {words} words (“{start} …”): "
                    f"try to keep sentences under {MAX_SENTENCE_WORDS} words.",
                )
            )
    return warnings


def check_wording(text: str, language=Language.ENGLISH) -> list[QualityWarning]:
    spanish = language == Language.SPANISH
    text = (quality_spanish.PROPER_NAMES if spanish else PROPER_NAMES).sub(" ", text)
    warnings = []
    for pattern, advice in quality_spanish.STIGMATIZING if spanish else STIGMATIZING:
        found = sorted({match.group(0).lower() for match in pattern.finditer(text)})
        if found:
            words = ", ".join(f"“{word}”" for word in found)
            warnings.append(
                QualityWarning("stigmatizing", f"{words}: use person-first words: {advice}.")
            )
    return warnings


def check_review(article: Article, today: date) -> list[QualityWarning]:
    warnings = []
    if not article.is_reviewed:
        warnings.append(
            QualityWarning("no-review", "Clinical review pending: no reviewer has signed it off.")
        )
    elif (today - article.reviewed_on).days > REVIEW_EVERY_DAYS:
        warnings.append(
            QualityWarning(
                "review-due",
                f"Last reviewed on {article.reviewed_on:%B %-d, %Y}, more than 12 months ago: "
                "it is due for review.",
            )
        )
    if not article.sources:
        warnings.append(QualityWarning("no-sources", "No sources cited."))
    return warnings


def check_images(images: list[dict]) -> list[QualityWarning]:
    missing = [image.get("src", "") for image in images if not (image.get("alt") or "").strip()]
    return [
        QualityWarning(
            "image-alt",
            f"Image {src or '(no address)'} has no alt text: describe what it shows, "
            "![like this](…).",
        )
        for src in missing
    ]


def check_links(article: Article, hrefs: list[str]) -> list[QualityWarning]:
    """Links to this site that would not work for a reader, checked now, then what the last
    `check_links` run found wrong with the links to other sites (links.py)."""
    page = article.get_absolute_url() if article.slug else reverse("guide:index")
    return [
        *links.internal_link_warnings(hrefs, page),
        *links.stored_link_warnings(article),
    ]


def title_suffix() -> str:
    """What every page adds to its own title (see guide/article.html)."""
    return f" · {settings.SITE_NAME}"


def full_title(article: Article) -> str:
    return f"{article.search_title}{title_suffix()}"


def check_seo(article: Article) -> list[QualityWarning]:
    warnings = []
    others = Article.objects.filter(language=article.language).exclude(pk=article.pk)
    if not article.meta_title:
        warnings.append(QualityWarning("meta-title-missing", "No meta title: the title is used."))
    page_title = full_title(article)
    if len(page_title) > META_TITLE_MAX:
        warnings.append(
            QualityWarning(
                "meta-title-long",
                f"The page title “{page_title}” has {len(page_title)} characters; search results "
                f"show about {META_TITLE_MAX}. Shorten the meta title.",
            )
        )
    if article.search_title and (
        others.filter(meta_title__iexact=article.search_title).exists()
        or others.filter(meta_title="", title__iexact=article.search_title).exists()
    ):
        warnings.append(
            QualityWarning("meta-title-duplicate", "Another article has the same meta title.")
        )
    if not article.summary.strip():
        warnings.append(
            QualityWarning("meta-description-missing", "No summary (meta description).")
        )
    elif len(article.summary) > META_DESCRIPTION_MAX:
        warnings.append(
            QualityWarning(
                "meta-description-long",
                f"Summary has {len(article.summary)} characters; search results show about "
                f"{META_DESCRIPTION_MAX}.",
            )
        )
    elif others.filter(summary__iexact=article.summary.strip()).exists():
        warnings.append(
            QualityWarning("meta-description-duplicate", "Another article has the same summary.")
        )
    return warnings
