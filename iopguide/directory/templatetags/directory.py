from django import template

from ..demo import demo_in_use

register = template.Library()


@register.inclusion_tag("directory/includes/demo_notice.html")
def demo_directory_notice():
    """A plain notice while the directory holds demo (fictional) listings; nothing otherwise."""
    return {"demo_in_use": demo_in_use()}
