"""Reading what a crawler reads from a page's HTML: title, meta tags, canonical, headings."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageHead:
    lang: str = ""
    titles: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonicals: list[str] = field(default_factory=list)
    h1_count: int = 0

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = PageHead()
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.head.lang = attrs.get("lang", "")
        elif tag == "title":
            self._in_title = True
            self.head.titles.append("")
        elif tag == "meta" and (attrs.get("name") or attrs.get("property")):
            key = attrs.get("name") or attrs.get("property")
            self.head.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.head.canonicals.append(attrs.get("href", ""))
        elif tag == "h1":
            self.head.h1_count += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.head.titles[-1] += data


def parse_head(html: str) -> PageHead:
    parser = _HeadParser()
    parser.feed(html)
    return parser.head


def sample_page_paths(sample: dict) -> list[str]:
    """One URL of every public page type (two of the repeated types, to compare them)."""
    return [
        "/",
        "/guide/",
        sample["article"].get_absolute_url(),
        sample["other_article"].get_absolute_url(),
        sample["faq"].get_absolute_url(),
        "/sources/",
        "/search/?q=cost",
        "/privacy/",
        "/find-rehab/",
        "/compare/",
        sample["facility"].get_absolute_url(),
        sample["other_facility"].get_absolute_url(),
        "/find-rehab/va/",
        "/find-rehab/md/",
        "/find-rehab/va/richmond/",
        "/find-rehab/md/silver-spring/",
        "/tools/is-an-iop-right-for-me/",
        "/tools/call-worksheet/",
    ]
