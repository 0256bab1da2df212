from django import template
from django.utils.translation import gettext

from iopguide.core.context_processors import HELPLINE

from .. import structured_data
from ..demo import demo_in_use
from ..vocabulary import IOP, vocabulary

register = template.Library()


@register.inclusion_tag("directory/includes/demo_notice.html")
def demo_directory_notice():
    """A plain notice while the directory holds demo (fictional) listings; nothing otherwise."""
    return {"demo_in_use": demo_in_use(), "HELPLINE": HELPLINE}


@register.simple_tag
def directory_crumbs(state="", city="", city_slug="", facility=None):
    """Home › Find Rehab › state › city › facility: (name, path) pairs, as deep as given."""
    return structured_data.directory_crumbs(state, city, city_slug, facility)


@register.simple_tag
def medical_clinic(facility):
    services = vocabulary()
    listed = [services[code] for code in facility.code_list if code in services]
    return structured_data.medical_clinic(facility, listed)


@register.simple_tag
def facility_description(facility):
    """A meta description unique to the listing: name, place, and what the page offers."""
    words = {"name": facility.name, "city": facility.city, "state": facility.state}
    if facility.has_code(IOP):
        return (
            gettext(
                "%(name)s in %(city)s, %(state)s: address, phone, services and payment options. It "
                "offers intensive outpatient treatment (IOP)."
            )
            % words
        )
    return (
        gettext("%(name)s in %(city)s, %(state)s: address, phone, services and payment options.")
        % words
    )


@register.simple_tag
def browse_description(place):
    """Meta description of a state or city browse page; `place` as the page names it."""
    return gettext(
        "Intensive outpatient and other treatment programs for drug and alcohol use in %(place)s: "
        "addresses, phone numbers, services and payment options."
    ) % {"place": place}
