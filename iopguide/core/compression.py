"""HTML (and other text) compressed for readers: brotli or gzip, as their Accept-Encoding asks.

Static files are compressed ahead of time by WhiteNoise and never reach this middleware. It sits
inside the reader page cache, so cached pages are stored compressed and a hit sends the stored
bytes; the cache keys on `accepted_encoding()`, the same choice made here.

Each encoding is its own representation, with `Vary: Accept-Encoding` and its own ETag (the
view's, with `-br` or `-gzip` added inside the quotes). The output is deterministic (no gzip
timestamp), so every worker gives the same bytes and the same validators.
"""

import brotli
from django.conf import settings
from django.utils.cache import has_vary_header, patch_vary_headers
from django.utils.text import compress_string

# Brotli's quality 5 compresses a 40 KB results page in well under a millisecond, within ~15% of
# the slowest setting (11, about 25 times slower).
BROTLI_QUALITY = 5
# Below this, compression saves less than the header costs.
MIN_LENGTH = 200
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/ld+json", "application/xml")
ENCODERS = {
    "br": lambda data: brotli.compress(data, quality=BROTLI_QUALITY),
    "gzip": compress_string,
}


def accepted_encoding(request) -> str:
    """ "br", "gzip" or "" (none), by the request's Accept-Encoding and its q-values."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if not header:
        return ""
    weights = {}
    for item in header.lower().split(","):
        name, _, params = item.partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        weights[name.strip()] = weight
    for encoding in ENCODERS:
        if weights.get(encoding, weights.get("*", 0)) > 0:
            return encoding
    return ""


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        encoding = accepted_encoding(request)
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if encoding and if_none_match:
            # The views' ETags name the content; ours add the encoding. Let a view answer 304
            # for the representation this reader holds (only that one: another encoding's ETag
            # is another representation).
            request.META["HTTP_IF_NONE_MATCH"] = if_none_match.replace(f'-{encoding}"', '"')
        response = self.get_response(request)
        if if_none_match is not None:
            request.META["HTTP_IF_NONE_MATCH"] = if_none_match
        if response.status_code == 304:
            # Not Modified has no body or type to look at: it stands for the page this reader
            # would get, compressed as they accept.
            if _may_compress_for(request):
                patch_vary_headers(response, ("Accept-Encoding",))
                if encoding:
                    _tag_etag(response, encoding)
            return response
        if not _is_compressible(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not encoding or len(response.content) < MIN_LENGTH:
            return response
        compressed = ENCODERS[encoding](response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = encoding
        _tag_etag(response, encoding)
        return response


def _is_compressible(request, response) -> bool:
    """Text we may compress. Never a page that can carry a secret: BREACH recovers a secret from
    the compressed size of pages that also echo what an attacker sends (a query string, a form
    value). Such pages are the ones that depend on the reader's cookies: staff signed in (the
    admin, previews; the session cookie) and forms with a CSRF token (Django marks them
    `Vary: Cookie` as it sets the CSRF cookie). Readers' pages carry no secret."""
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
        and _may_compress_for(request)
        and not has_vary_header(response, "Cookie")
    )


def _may_compress_for(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _tag_etag(response, encoding: str) -> None:
    etag = response.get("ETag")
    if etag and etag.endswith('"'):
        response["ETag"] = f'{etag[:-1]}-{encoding}"'
