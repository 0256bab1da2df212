"""The reader's own address, for sign-in lockouts, rate limits and address logs.

Behind proxies, `REMOTE_ADDR` is the nearest proxy's address, the same for everyone. Each proxy
appends the address it received the request from to `X-Forwarded-For`, so with
`TRUSTED_PROXY_COUNT` proxies in front of the app the client is that many entries from the
right of [X-Forwarded-For entries..., REMOTE_ADDR]. Entries further left were written by the
client itself and are never trusted: a spoofed header buys nothing.
"""

import ipaddress

from django.conf import settings

# Where ClientAddressMiddleware leaves the address for the access log (gunicorn.conf.py).
ENVIRON_KEY = "iopguide.client_address"


def client_address(request) -> str:
    """The address of the client that connected to the first trusted proxy (or to the app);
    "" when not known (a request built in code, as `Client.force_login` does)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    hops = [*forwarded, remote]
    # Fewer hops than proxies: the request did not come through all of them; the leftmost
    # entry is still the furthest one a trusted proxy wrote.
    candidate = hops[-(trusted + 1)] if len(hops) > trusted else hops[0]
    return candidate if _is_ip(candidate) else remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class ClientAddressMiddleware:
    """Records the client's address in the WSGI environ, where gunicorn's access log reads it
    (`%({iopguide.client_address}e)s`), so logs show readers, not the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META[ENVIRON_KEY] = client_address(request)
        return self.get_response(request)
