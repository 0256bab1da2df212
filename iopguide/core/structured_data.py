"""schema.org JSON-LD the whole site shares: the organisation, the website, breadcrumbs. Each
builder returns a plain dict; `{% json_ld %}` (core/templatetags/seo.py) serialises it into the
page. The apps build their own pages' data (guide/structured_data.py,
directory/structured_data.py)."""

from django.conf import settings
from django.urls import reverse

from .languages import language_tag
from .site_urls import absolute_url


def organization_id() -> str:
    return absolute_url("/#organization")


def website_id() -> str:
    """The site in the page's language (the English and the Spanish home page each are one)."""
    return absolute_url(reverse("core:home") + "#website")


def organization() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": organization_id(),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
    }


def website() -> dict:
    """The site, with a SearchAction so search engines can offer a search box for the guide."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": website_id(),
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("core:home")),
        "inLanguage": language_tag(),
        "publisher": {"@id": organization_id()},
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
    """`crumbs`: (name, path) from the home page down to the current page, as the apps' crumb
    builders return them; templates/includes/breadcrumbs.html shows the same list."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
