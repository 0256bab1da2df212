"""A bare Django view that returns fixed bytes: the yardstick for scripts/bench_pages.sh.

It has no middleware, database, templates or cache, so it measures gunicorn plus Django's
request handling alone. BARE_PAGES_DIR holds one file per page type, exactly as the site served
it; /<name> returns the bytes of <name>.html, so each page is compared with a bare view sending
the same bytes."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpResponse
from django.urls import path

PAGES = {page.stem: page.read_bytes() for page in Path(os.environ["BARE_PAGES_DIR"]).glob("*.html")}


def page(request, name):
    if name not in PAGES:
        raise Http404
    return HttpResponse(PAGES[name], content_type="text/html; charset=utf-8")


urlpatterns = [path("<slug:name>", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
application = get_wsgi_application()
