"""What a listing's page says about where it comes from and where its distances are measured
from, in the reader's language (Facility.source_note and Facility.location_note)."""

import re

from django.utils.translation import gettext


def source_note(facility) -> str:
    """Where the listing comes from, as a reader can check it: a yearly file by its year."""
    found = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", facility.source_dataset)
    year = {"year": found.group(0) if found else ""}
    if facility.source == facility.Source.NSUMHSS and found:
        return gettext("From SAMHSA's %(year)s national directory (N-SUMHSS).") % year
    if facility.source == facility.Source.FINDTREATMENT and found:
        return gettext("From FindTreatment.gov, SAMHSA's treatment locator (%(year)s data).") % year
    return {
        facility.Source.NSUMHSS: gettext("From SAMHSA's national directory (N-SUMHSS)."),
        facility.Source.FINDTREATMENT: gettext(
            "From FindTreatment.gov, SAMHSA's treatment locator."
        ),
        facility.Source.DEMO: gettext("Fictional demo data in SAMHSA's format."),
        facility.Source.MANUAL: gettext("Added by an IOP Guide directory editor."),
    }.get(facility.source, "")


def location_note(facility) -> str:
    """Where the point distances are measured from comes from."""
    if facility.location_precision == facility.LocationPrecision.SOURCE:
        if facility.source == facility.Source.FINDTREATMENT or facility.findtreatment_id:
            return gettext(
                "Distances are measured from the address, as FindTreatment.gov locates it."
            )
        return gettext("Distances are measured from the address, as the source locates it.")
    if facility.location_precision == facility.LocationPrecision.ZIP:
        return gettext(
            "Distances are measured from the center of ZIP code %(zip)s, not from the "
            "address itself, so they are approximate."
        ) % {"zip": facility.zip_code}
    return gettext("The listing has no location, so no distance can be given.")
