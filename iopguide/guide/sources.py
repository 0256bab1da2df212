"""What a cited source and a related-articles list must be, in one place: the model validates
with it, the admin's source rows show its messages beside the row, the content loader reports
them per file, and the reader page shows only sources that pass.

A source is a dict with `title`, `publisher`, `url` and, optionally, `accessed` (an ISO date
string); `related` is a list of article slugs, in the order the page lists them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

SOURCE_KEYS = ("title", "publisher", "url")
ACCESSED = "accessed"  # optional: left out of the dict when empty
URL_MESSAGE = "Enter a full web address that starts with https://"
validate_web_address = URLValidator(schemes=["https", "http"], message=URL_MESSAGE)


def source_problems(source) -> dict[str, str]:
    """Each key of a source that is wrong, with what to do about it; empty when it is fine."""
    if not isinstance(source, dict):
        return {"title": "This source is not a title, publisher and web address."}
    problems = {
        key: f"Enter the source's {'web address' if key == 'url' else key}."
        for key in SOURCE_KEYS
        if not (isinstance(source.get(key), str) and source[key].strip())
    }
    if "url" not in problems:
        try:
            validate_web_address(source["url"].strip())
        except ValidationError:
            problems["url"] = URL_MESSAGE
    accessed = source.get(ACCESSED)
    if accessed not in (None, "") and not _is_iso_date(accessed):
        problems[ACCESSED] = "Enter the date accessed like 2026-12-01, or leave it empty."
    return problems


def is_fit_to_show(source) -> bool:
    """A source readers see: complete and linking over the web (never javascript:). Looser than
    source_problems on purpose: an address saved malformed before sources were validated still
    shows, and the link checker reports it broken."""
    if set(source_problems(source)) - {"url", ACCESSED}:
        return False
    return str(source.get("url") or "").strip().startswith(("https://", "http://"))


def _is_iso_date(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def validate_sources(value) -> None:
    """Model validator: a list of sources, each complete (one message per broken source)."""
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list.", code="not_a_list")
    messages = [
        f"Source {number}: {problem}"
        for number, source in enumerate(value, start=1)
        for problem in source_problems(source).values()
    ]
    if messages:
        raise ValidationError(messages, code="broken_source")


def validate_related(value) -> None:
    """Model validator: a list of distinct slugs."""
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        raise ValidationError("Related articles must be a list of addresses.", code="not_a_list")
    if len(set(value)) != len(value):
        raise ValidationError("A related article is listed twice.", code="duplicate")
