"""Whether the page behind a route exists, so links to this site can be checked without HTTP.

An app registers a check for each of its routes whose page depends on data (a facility, a state
with listings); the guide's link checker asks here, and so imports no other app. A route with
no check counts as there once resolve() finds it."""

from collections.abc import Callable

# The route's keyword arguments → what is wrong, in words, or None when the page is there.
Check = Callable[[dict], str | None]

_checks: dict[str, Check] = {}


def register(view_name: str, check: Check) -> None:
    """`view_name` as resolve() names it: "namespace:name"."""
    _checks[view_name] = check


def problem(view_name: str, kwargs: dict) -> str | None:
    check = _checks.get(view_name)
    return check(kwargs) if check else None
