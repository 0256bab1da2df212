"""The one markdown pipeline: Python-Markdown, then an nh3 allowlist. Articles are rendered with
it once, on save, and the admin preview uses it too, so the preview is what readers get."""

import html
import re

import markdown
import nh3

EXTENSIONS = ["fenced_code", "tables", "toc", "footnotes", "attr_list", "sane_lists"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False, "toc_depth": "2-3"},
    # Alignment as an attribute, not inline style (nh3 and the CSP would drop styles).
    "tables": {"use_align_attribute": True},
    "footnotes": {"BACKLINK_TITLE": "Back to text %d"},
}

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li",
    "ol", "p", "pre", "s", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    # Anchors for the table of contents and footnotes.
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Heading anchors may start with a digit ("12-step-facilitation"); footnotes use "fn:1".
SAFE_ID = re.compile(r"^[A-Za-z0-9][\w:.-]{0,80}$")
SAFE_CLASSES = {"footnote", "toc"}
# Images only from our own site (uploads under /media/): readers' browsers fetch nothing from
# third parties, and the CSP would block them anyway.
SITE_PATH = re.compile(r"^/(?![/\\])")
TOC_WRAPPER = re.compile(r'\A<div class="toc">\s*(.*?)\s*</div>\s*\Z', re.DOTALL)
TAGS = re.compile(r"<[^>]*>")
WORD = re.compile(r"\w+")
# Footnote numbers and their back links are navigation, not text to search or quote.
FOOTNOTE_LINKS = re.compile(r'<sup id="fnref[^"]*">.*?</sup>|<a href="#fnref:[^"]*"[^>]*>.*?</a>')
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _filter_attribute(tag, attribute, value):
    if attribute == "id":
        return value if SAFE_ID.match(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if name in SAFE_CLASSES]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src":
        return value if SITE_PATH.match(value) else None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _convert(text: str) -> tuple[str, str]:
    """Markdown to (unsanitised body HTML, unsanitised table-of-contents HTML)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    body = md.convert(text or "")
    # Just the list: the page wraps it in its own labelled <nav>. No headings, no contents.
    toc = TOC_WRAPPER.sub(r"\1", md.toc) if md.toc_tokens else ""
    return body, toc


def render(text: str) -> tuple[str, str]:
    """Markdown to (safe body HTML, safe table-of-contents HTML)."""
    body, toc = _convert(text)
    return sanitize(body), sanitize(toc)


def _word_count(html_text: str) -> int:
    # Every tag removed but none of the text between tags, whatever the tag: what an editor
    # would count as the words they wrote (punctuation left beside a dropped tag is no word).
    return len(WORD.findall(html.unescape(TAGS.sub(" ", html_text))))


def removed_text(text: str) -> str | None:
    """What the sanitiser took out of `text`'s words, said for its editor, or None. Raw HTML
    the allowlist drops with its content (a <script>, a <style>, foreign <math> or <svg>) can
    take every word after it when it is never closed, and readers would never see them."""
    body, _ = _convert(text)
    lost = _word_count(body) - _word_count(sanitize(body))
    if lost <= 0:
        return None
    words, verb = (f"{lost} word", "was") if lost == 1 else (f"{lost} words", "were")
    culprit = _first_dropped_tag(body)
    if culprit is None:
        return f"{words} in raw HTML {verb} removed: readers will not see them."
    name, closed = culprit
    if closed:
        return f"{words} inside a <{name}> tag {verb} removed: readers will not see them."
    return (
        f"{words} after an unclosed <{name}> tag {verb} removed: close the tag or delete it, "
        "or readers will not see them."
    )


OPENING_TAG = re.compile(r"<([A-Za-z][\w:-]*)")


def _first_dropped_tag(body: str) -> tuple[str, bool] | None:
    """(name, whether it is closed) of the first tag outside the allowlist."""
    for match in OPENING_TAG.finditer(body):
        name = match.group(1).lower()
        if name not in ALLOWED_TAGS:
            closed = re.search(rf"</{re.escape(name)}\s*>", body[match.end() :], re.I)
            return name, closed is not None
    return None


def plain_text(safe_html: str) -> str:
    """Sanitised HTML (from `render`) to one line of plain text, for search and snippets."""
    text = html.unescape(TAGS.sub(" ", FOOTNOTE_LINKS.sub("", safe_html)))
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def render_markdown(text: str) -> str:
    """The admin preview's renderer (MARKDOWNX_MARKDOWNIFY_FUNCTION)."""
    return render(text)[0]
