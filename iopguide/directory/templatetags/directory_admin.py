from django import template

from ..work import directory_work

register = template.Library()


@register.inclusion_tag("directory/admin/work_panel.html", takes_context=True)
def directory_work_panel(context):
    """The directory editors' to-do list at the top of the admin start page."""
    user = context["request"].user
    return {"work": [item for item in directory_work() if user.has_perm(item["permission"])]}
