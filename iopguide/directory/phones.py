"""US phone numbers as SAMHSA writes them ("434-979-8871 x101", "800-662-HOPE")."""

import re

_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")
_PHONE = re.compile(
    r"^\s*(?:\+?1[\s.-]?)?\(?([0-9A-Z]{3})\)?[\s.-]?([0-9A-Z]{3})[\s.-]?([0-9A-Z]{4})"
    r"\s*(?:(?:x|ext\.?|extension)\s*(\d{1,6}))?\s*$",
    re.IGNORECASE,
)


def is_valid_phone(value: str) -> bool:
    """An empty value is valid (the number is optional); anything else must be a US number."""
    return not value.strip() or tel_uri(value) is not None


def tel_uri(value: str) -> str | None:
    """RFC 3966 `tel:` URI for a US number, letters dialled as on a keypad; None if malformed."""
    match = _PHONE.match(value or "")
    if not match:
        return None
    digits = "".join(match.group(1, 2, 3)).upper().translate(_KEYPAD)
    if digits[0] in "01":
        return None
    extension = f";ext={match.group(4)}" if match.group(4) else ""
    return f"tel:+1{digits}{extension}"
