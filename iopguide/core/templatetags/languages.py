"""The language switch and the hreflang links, both from the context's `language_alternates`
(iopguide/core/languages.py).

{% load languages %}
{% hreflang_links %} in the head; {% language_switch %} in the header."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join

from iopguide.core.languages import LANGUAGE_NAMES, home_path, other_languages
from iopguide.core.site_urls import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """One `<link rel="alternate" hreflang>` per language and x-default (English), only for a
    page that exists in more than one language (one alone has no alternates to announce)."""
    alternates = context.get("language_alternates") or {}
    if len(alternates) < 2:
        return ""
    links = [
        (code, absolute_url(alternates[code]))
        for code, _ in settings.LANGUAGES
        if code in alternates
    ]
    if settings.LANGUAGE_CODE in alternates:
        links.append(("x-default", absolute_url(alternates[settings.LANGUAGE_CODE])))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((code, url) for code, url in links)
    )


@register.simple_tag(takes_context=True)
def language_switch(context):
    """A link to this page in each other language, or to that language's home page when this
    page has no twin. The query string comes along (the same search, in the other language)."""
    alternates = context.get("language_alternates") or {}
    request = context.get("request")
    query = request.META.get("QUERY_STRING", "") if request else ""
    links = []
    for language in other_languages():
        path = alternates.get(language)
        if path is None:
            path = home_path(language)
        elif query and "?" not in path:
            path = f"{path}?{query}"
        links.append((path, language, language, LANGUAGE_NAMES[language]))
    return format_html(
        '<p class="language-switch">{}</p>',
        format_html_join(" ", '<a href="{}" hreflang="{}" lang="{}">{}</a>', links),
    )
