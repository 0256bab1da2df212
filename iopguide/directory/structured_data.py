"""schema.org JSON-LD and meta descriptions for the directory's pages, and their breadcrumbs."""

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext

from iopguide.core.site_urls import absolute_url

from .listing_details import is_fresh
from .states import STATE_NAMES
from .vocabulary import JSON_LD_PAYMENT_CATEGORIES, JSON_LD_SERVICE_CATEGORIES


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
    offered = [
        service.label for service in services if service.category_code in JSON_LD_SERVICE_CATEGORIES
    ]
    if offered:
        data["availableService"] = [{"@type": "MedicalTherapy", "name": name} for name in offered]
    payments = [
        service.label for service in services if service.category_code in JSON_LD_PAYMENT_CATEGORIES
    ]
    if payments:
        data["paymentAccepted"] = ", ".join(payments)
    # Said only while recently confirmed, as the page says it.
    if facility.accepting_new_patients is not None and is_fresh(facility, "accepting_new_patients"):
        data["isAcceptingNewPatients"] = facility.accepting_new_patients
    return data


def directory_crumbs(state="", city="", city_slug="", facility=None) -> list[tuple[str, str]]:
    """Home › Find Rehab › state › city › facility, as deep as given. A facility brings its own
    state and city."""
    if facility is not None:
        state, city, city_slug = facility.state, facility.city, facility.city_slug
    crumbs = [
        (gettext("Home"), reverse("core:home")),
        (gettext("Find Rehab"), reverse("directory:find_rehab")),
    ]
    if state:
        state_path = reverse("directory:state", kwargs={"state": state.lower()})
        crumbs.append((STATE_NAMES.get(state.upper(), state.upper()), state_path))
    if state and city:
        city_kwargs = {"state": state.lower(), "city": city_slug or slugify(city)}
        crumbs.append((city, reverse("directory:city", kwargs=city_kwargs)))
    if facility is not None:
        crumbs.append((facility.name, facility.get_absolute_url()))
    return crumbs
