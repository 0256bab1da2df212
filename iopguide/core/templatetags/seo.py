"""Crawler-facing markup: JSON-LD script tags and social (Open Graph, Twitter) meta tags.

{% load seo %}
{% medical_web_page article as page %}{% json_ld page %}
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from iopguide.core import structured_data
from iopguide.core.site_urls import absolute_url
from iopguide.directory.vocabulary import vocabulary

register = template.Library()

# Inside <script> only "</" (and "<!--") can end the data early; escaping every < > & as a
# JSON unicode escape keeps the JSON identical and the script element unbreakable.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def serialize_json_ld(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


@register.simple_tag
def json_ld(data):
    """A `<script type="application/ld+json">` data block. Browsers never run it, so the CSP
    needs no nonce for it and a page cached whole stays valid."""
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(serialize_json_ld(data))
    )


@register.inclusion_tag("seo/social.html", takes_context=True)
def social_meta(context, title, description, og_type="website"):
    """Open Graph and Twitter card tags; the URL is the page's canonical address (with
    `?page=N` after the first page of a paginated list, as its canonical link has)."""
    path = context["request"].path
    page_number = getattr(context.get("page"), "number", 1)
    if page_number > 1:
        path = f"{path}?page={page_number}"
    return {
        "title": title,
        "description": description,
        "og_type": og_type,
        "url": absolute_url(path),
        "site_name": context.get("SITE_NAME", ""),
    }


register.simple_tag(structured_data.organization)
register.simple_tag(structured_data.website)
register.simple_tag(structured_data.medical_web_page)
register.simple_tag(structured_data.faq_page)


@register.simple_tag
def guide_breadcrumbs(name="", path=""):
    """Home › Guide, then the page `name` at `path` when given."""
    pages = [(name, path)] if name else []
    return structured_data.breadcrumb_list(structured_data.crumbs_for_guide(*pages))


@register.simple_tag
def directory_breadcrumbs(state="", city="", city_slug="", facility=None):
    return structured_data.breadcrumb_list(
        structured_data.crumbs_for_directory(state, city, city_slug, facility)
    )


@register.simple_tag
def medical_clinic(facility):
    services = vocabulary()
    listed = [services[code] for code in facility.code_list if code in services]
    return structured_data.medical_clinic(facility, listed)


@register.simple_tag
def facility_description(facility):
    """A meta description unique to the listing: name, place, and what the page offers."""
    iop = " It offers intensive outpatient treatment (IOP)." if facility.has_code("OIT") else ""
    return (
        f"{facility.name} in {facility.city}, {facility.state}: address, phone, services and "
        f"payment options.{iop}"
    )


@register.simple_tag
def browse_description(place):
    """Meta description of a state or city browse page; `place` as the page names it."""
    return (
        f"Intensive outpatient and other treatment programs for drug and alcohol use in {place}: "
        "addresses, phone numbers, services and payment options."
    )
