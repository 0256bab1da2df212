"""schema.org JSON-LD for crawlers, built from the models. Each builder returns a plain dict;
`{% json_ld %}` (core/templatetags/seo.py) serialises it into the page."""

import functools
from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from iopguide.directory.states import STATE_NAMES

from .site_urls import absolute_url

# Service categories shown as a clinic's services, and the ones that say how care is paid for
# (SAMHSA's code sheet: setting, approaches, counseling, pharmacotherapies; payment, assistance).
SERVICE_CATEGORIES = {"SET", "TAP", "ECS", "PHR"}
PAYMENT_CATEGORIES = {"PAY", "PYAS"}


def _organization_id() -> str:
    return absolute_url("/#organization")


def _website_id() -> str:
    return absolute_url("/#website")


def organization() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": _organization_id(),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
    }


def website() -> dict:
    """The site, with a SearchAction so search engines can offer a search box for the guide."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": _website_id(),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "inLanguage": "en-US",
        "publisher": {"@id": _organization_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(reverse("guide:search") + "?q={search_term_string}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """`crumbs`: (name, path) from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


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
        "inLanguage": "en-US",
        "isPartOf": {"@id": _website_id()},
        "publisher": {"@id": _organization_id()},
        "about": [
            {"@type": "MedicalTherapy", "name": "Intensive outpatient treatment (IOP)"},
            {"@type": "MedicalCondition", "name": "Substance use disorder"},
        ],
        "audience": {"@type": "PeopleAudience", "audienceType": "Patients and their families"},
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


def medical_clinic(facility, services) -> dict:
    """`services`: the facility's codes as directory.vocabulary Services (code, category, label)."""
    url = absolute_url(facility.get_absolute_url())
    street = ", ".join(part for part in (facility.street1, facility.street2) if part)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": f"{url}#clinic",
        "name": facility.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": street,
            "addressLocality": facility.city,
            "addressRegion": facility.state,
            "postalCode": facility.zip_code,
            "addressCountry": "US",
        },
    }
    if facility.latitude is not None and facility.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": facility.latitude,
            "longitude": facility.longitude,
        }
    if facility.phone:
        data["telephone"] = facility.phone
    if facility.website:
        data["sameAs"] = facility.website
    offered = [service.label for service in services if service.category_code in SERVICE_CATEGORIES]
    if offered:
        data["availableService"] = [{"@type": "MedicalTherapy", "name": name} for name in offered]
    payments = [
        service.label for service in services if service.category_code in PAYMENT_CATEGORIES
    ]
    if payments:
        data["paymentAccepted"] = ", ".join(payments)
    if facility.accepting_new_patients is not None:
        data["isAcceptingNewPatients"] = facility.accepting_new_patients
    return data


def crumbs_for_guide(*pages: tuple[str, str]) -> list[tuple[str, str]]:
    """Home › Guide › `pages` (each (name, path))."""
    return [("Home", reverse("core:home")), ("Guide", reverse("guide:index")), *pages]


def crumbs_for_directory(state="", city="", city_slug="", facility=None) -> list[tuple[str, str]]:
    """Home › Find Rehab › state › city › facility, as deep as given. A facility brings its own
    state and city."""
    if facility is not None:
        state, city, city_slug = facility.state, facility.city, facility.city_slug
    crumbs = [("Home", reverse("core:home")), ("Find Rehab", reverse("directory:find_rehab"))]
    if state:
        state_path = reverse("directory:state", kwargs={"state": state.lower()})
        crumbs.append((STATE_NAMES.get(state.upper(), state.upper()), state_path))
    if state and city:
        city_kwargs = {"state": state.lower(), "city": city_slug or slugify(city)}
        crumbs.append((city, reverse("directory:city", kwargs=city_kwargs)))
    if facility is not None:
        crumbs.append((facility.name, facility.get_absolute_url()))
    return crumbs
