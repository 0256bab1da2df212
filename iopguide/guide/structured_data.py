"""schema.org JSON-LD for the guide's pages, built from the models; each builder returns a
plain dict for `{% json_ld %}`."""

import functools
from html.parser import HTMLParser

from django.urls import reverse
from django.utils.translation import gettext

from iopguide.core.languages import language_tag
from iopguide.core.site_urls import absolute_url
from iopguide.core.structured_data import organization_id, website_id


def medical_web_page(article) -> dict:
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": language_tag(),
        "isPartOf": {"@id": website_id()},
        "publisher": {"@id": organization_id()},
        "about": [
            {"@type": "MedicalTherapy", "name": gettext("Intensive outpatient treatment (IOP)")},
            {"@type": "MedicalCondition", "name": gettext("Substance use disorder")},
        ],
        "audience": {
            "@type": "PeopleAudience",
            "audienceType": gettext("Patients and their families"),
        },
    }
    if article.published_at:
        data["datePublished"] = article.published_at.date().isoformat()
    if article.updated_on:
        data["dateModified"] = article.updated_on.isoformat()
    if article.author:
        data["author"] = {"@type": "Organization", "name": article.author}
    # A review is claimed only with the real person's record who signed it off.
    if article.is_reviewed:
        data["lastReviewed"] = article.reviewed_on.isoformat()
        data["reviewedBy"] = {
            "@type": "Person",
            "name": article.reviewer.name,
            "url": absolute_url(article.reviewer.get_absolute_url()),
        }
    if sources := article.cited_sources():
        data["citation"] = [
            {
                "@type": "CreativeWork",
                "name": source["title"],
                "url": source["url"],
                "publisher": {"@type": "Organization", "name": source["publisher"]},
            }
            for source in sources
        ]
    return data


class _FaqParser(HTMLParser):
    """Collects (question, answer text) from `<h2>Question?</h2>` headings and what follows each
    one up to the next h2."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[list[str]] = []
        self._in_h2 = False
        self._heading = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in_h2, self._heading = True, ""
        elif tag in {"p", "li", "br"} and self.entries and not self._in_h2:
            self.entries[-1][1] += " "

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
            self.entries.append([self._heading.strip(), ""])

    def handle_data(self, data):
        if self._in_h2:
            self._heading += data
        elif self.entries:
            self.entries[-1][1] += data


@functools.lru_cache(maxsize=4)
def faq_entries(body_html: str) -> tuple[tuple[str, str], ...]:
    """(question, answer) pairs from a rendered FAQ body: only headings ending in '?'.
    Memoised on the HTML itself, so an edited FAQ is parsed again and an unchanged one is not."""
    parser = _FaqParser()
    parser.feed(body_html)
    parser.close()
    return tuple(
        (question, " ".join(answer.split()))
        for question, answer in parser.entries
        if question.endswith("?") and answer.strip()
    )


def faq_page(article) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": absolute_url(article.get_absolute_url()),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in faq_entries(article.body_html)
        ],
    }


def guide_crumbs(*pages: tuple[str, str]) -> list[tuple[str, str]]:
    """Home › Guide › `pages` (each (name, path))."""
    return [
        (gettext("Home"), reverse("core:home")),
        (gettext("Guide"), reverse("guide:index")),
        *pages,
    ]
