"""The guide's structured data and breadcrumbs for templates.

{% load seo guide_seo %}
{% medical_web_page article as page %}{% json_ld page %}
"""

from django import template

from .. import structured_data

register = template.Library()

register.simple_tag(structured_data.medical_web_page)
register.simple_tag(structured_data.faq_page)


@register.simple_tag
def guide_crumbs(name="", path=""):
    """Home › Guide, then the page `name` at `path` when given: (name, path) pairs."""
    pages = [(name, path)] if name else []
    return structured_data.guide_crumbs(*pages)
