import re
from urllib.parse import unquote_plus

from django.conf import settings
from django.utils import translation

from .views import bad_request, healthz


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy turns off every
    browser feature the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HealthCheckMiddleware:
    """Answers /healthz before host validation and the HTTPS redirect, so a load balancer or the
    Docker HEALTHCHECK can ask by IP address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)


class PathLanguageMiddleware:
    """The page's language is its address's: /es/... Spanish, every other path (English pages,
    the admin, sitemaps) English. Instead of Django's LocaleMiddleware, which also reads the
    cookie and Accept-Language and so marks every English page `Vary: Accept-Language`: that
    would split the page and edge caches per browser for pages that never vary, and a crawler
    must get the same page whatever language it sends. Nothing here redirects.

    Active only for this request (`override`), so nothing later in the thread, such as a test
    reversing a URL, inherits the last reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Characters no database column should receive: PostgreSQL refuses NUL in text, and lone
# surrogates cannot be encoded as UTF-8. Other control characters are stored fine.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectUnstorableInputMiddleware:
    """400 (the site's page) for any request whose path, query string or form fields hold
    characters the database cannot store, before any view can pass them to a query. One place
    for every URL, so no view needs to remember it (a NUL in ?ids= answered 500 on PostgreSQL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_unstorable(request):
            return bad_request(
                request,
                message=translation.gettext(
                    "The address or form contained a character we cannot accept (such as a NUL "
                    "byte). Please check it and try again."
                ),
            )
        return self.get_response(request)

    @staticmethod
    def _has_unstorable(request) -> bool:
        # The raw query string, decoded: parsing it (request.GET) here would answer a query
        # over Django's field limit before the views' own clearer 400 pages.
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        texts = [request.path, query]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            texts += [*request.POST.keys(), *request.POST.values()]
            texts += [upload.name or "" for upload in request.FILES.values()]
        return any(UNSTORABLE.search(text) for text in texts)
