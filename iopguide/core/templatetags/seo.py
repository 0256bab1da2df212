"""Crawler-facing markup the whole site shares: JSON-LD script tags, social (Open Graph, Twitter)
meta tags, the breadcrumb list. The apps' own builders are in their template libraries
(`guide_seo`, `directory`).

{% load seo %}
{% organization as org %}{% json_ld org %}
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from iopguide.core import structured_data
from iopguide.core.site_urls import absolute_url

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
        "og_locale": context.get("OPEN_GRAPH_LOCALE", "en_US"),
    }


register.simple_tag(structured_data.organization)
register.simple_tag(structured_data.website)


@register.simple_tag
def breadcrumbs_json_ld(crumbs):
    """The BreadcrumbList of `crumbs`, the (name, path) list an app's crumb tag gives and
    templates/includes/breadcrumbs.html shows, so the page and its JSON-LD agree."""
    return json_ld(structured_data.breadcrumb_list(crumbs))
