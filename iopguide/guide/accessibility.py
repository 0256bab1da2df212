"""Accessibility checks for the quality panel, on the same rendered HTML as the reader page."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .quality_warning import QualityWarning

# Accessibility: the same rendered HTML as the reader page, each warning with a plain fix.
VAGUE_LINK_TEXT = {
    *("click here", "here", "read more", "more", "this link", "link", "this page"),
    # The same in Spanish articles.
    *("aquí", "haga clic aquí", "clic aquí", "más", "leer más", "ver más", "este enlace"),
    *("enlace", "esta página"),
}
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Three or more words in capitals in a row; acronyms stand alone or in lists ("SAMHSA, NIDA").
ALL_CAPS_RUN = re.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}\b){2,}")


class _Structure(HTMLParser):
    """Collects heading levels, link texts, image attributes and whether each table has a
    header cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.links: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.tables_with_header: list[bool] = []
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a" and attributes.get("href"):
            self._link = (attributes["href"], [])
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "table":
            self.tables_with_header.append(False)
        elif tag == "th" and self.tables_with_header:
            self.tables_with_header[-1] = True

    def handle_endtag(self, tag):
        if tag == "a" and self._link:
            href, text = self._link
            self.links.append((href, " ".join("".join(text).split())))
            self._link = None

    def handle_data(self, data):
        if self._link:
            self._link[1].append(data)


def check_accessibility(html: str, blocks: list[str]) -> list[QualityWarning]:
    structure = _Structure()
    structure.feed(html or "")
    structure.close()
    return [
        *check_heading_order(structure.headings),
        *check_link_text(structure.links),
        *check_image_alt_names(structure.images),
        *check_table_headers(structure.tables_with_header),
        *check_all_caps(blocks),
    ]


def check_heading_order(levels: list[int]) -> list[QualityWarning]:
    """The page prints the title as the only h1 (the sanitizer drops any other), so the body
    starts at h2 and goes down one level at a time."""
    warnings = []
    previous = 1
    for level in levels:
        if level > previous + 1:
            warnings.append(
                QualityWarning(
                    "heading-skipped",
                    f"A level-{level} heading comes after a level-{previous} one: "
                    f"use {'#' * (previous + 1)} so no level is skipped.",
                )
            )
        previous = level
    return warnings


def check_link_text(links: list[tuple[str, str]]) -> list[QualityWarning]:
    warnings = []
    for href, text in links:
        if href.startswith("#fn"):  # footnote numbers and back-links
            continue
        if text.lower().strip(".!:") in VAGUE_LINK_TEXT:
            code, problem = "link-text-vague", f"A link reads “{text}”"
        elif BARE_URL.match(text):
            code, problem = "link-text-url", f"A link shows its address ({text})"
        else:
            continue
        warnings.append(
            QualityWarning(
                code,
                f"{problem}: give it words that say where it goes, "
                "like [SAMHSA's treatment locator](…).",
            )
        )
    return warnings


def check_image_alt_names(images: list[dict]) -> list[QualityWarning]:
    """Alt text that is only the file's name (missing alt is check_images's)."""
    warnings = []
    for image in images:
        alt = (image.get("alt") or "").strip().lower()
        file_name = urlsplit(image.get("src") or "").path.rsplit("/", 1)[-1].lower()
        if alt and file_name and alt in {file_name, file_name.rsplit(".", 1)[0]}:
            warnings.append(
                QualityWarning(
                    "image-alt-filename",
                    f"Image {image.get('src')} has its file name as alt text: "
                    "describe what it shows instead.",
                )
            )
    return warnings


def check_table_headers(tables_with_header: list[bool]) -> list[QualityWarning]:
    return [
        QualityWarning(
            "table-no-header",
            "A table has no header row: make its first row the column names, "
            "with a | --- | line under it.",
        )
        for has_header in tables_with_header
        if not has_header
    ]


def check_all_caps(blocks: list[str]) -> list[QualityWarning]:
    warnings = []
    for block in blocks:
        for match in ALL_CAPS_RUN.finditer(block):
            warnings.append(
                QualityWarning(
                    "all-caps",
                    f"“{match.group(0)}” is in capitals, which is hard to read and read out "
                    "letter by letter by some screen readers: use normal case, **bold** for "
                    "emphasis.",
                )
            )
    return warnings
