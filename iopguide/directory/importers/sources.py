"""One listing per program across sources: a program another source already lists is not
added twice; a FindTreatment.gov record lends that listing its located address instead."""

from ..models import Facility


def keep_better_location(existing: dict, values: dict) -> None:
    """A yearly file places listings at their ZIP's center; never trade a located address
    (from a FindTreatment.gov sync) for that, nor a known website for none."""
    better = Facility.LocationPrecision.SOURCE
    if existing["location_precision"] == better and values["location_precision"] != better:
        for name in ("latitude", "longitude", "location_precision"):
            values[name] = existing[name]
    if not values["website"]:
        values["website"] = existing["website"]


def listed_by_other_sources(source: str) -> set[str]:
    """Match keys (name, program, street, ZIP) of programs another real source lists as active.
    Both SAMHSA sources list many of the same programs; readers should find each one once, and a
    listing an editor hid must not come back under another source. Demo data never matches."""
    if source == Facility.Source.DEMO:
        return set()
    return set(
        Facility.objects.filter(is_active=True)
        .exclude(source__in=[source, Facility.Source.DEMO])
        .exclude(match_key="")
        .values_list("match_key", flat=True)
    )


def locate_other_sources_listings(records: list[dict], now) -> int:
    """FindTreatment.gov records of programs another source lists: that listing stays the one
    readers see, and takes FindTreatment's location, website and check date (one listing per
    program, with the better location). Returns how many listings were changed."""
    changed = 0
    for values in records:
        updates = {"findtreatment_id": values["findtreatment_id"]}
        if "findtreatment_checked_on" in values:
            updates["findtreatment_checked_on"] = values["findtreatment_checked_on"]
        if values["location_precision"] == Facility.LocationPrecision.SOURCE:
            updates.update(
                latitude=values["latitude"],
                longitude=values["longitude"],
                location_precision=values["location_precision"],
            )
        if values["website"]:
            updates["website"] = values["website"]
        listing = (
            Facility.objects.filter(is_active=True, match_key=values["match_key"])
            .exclude(source__in=[Facility.Source.FINDTREATMENT, Facility.Source.DEMO])
            .exclude(**updates)
        )
        changed += listing.update(**updates, updated_at=now)
    return changed
