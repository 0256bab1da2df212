"""A bare Django view that returns fixed bytes: the yardstick for scripts/bench_pages.sh.

It has no middleware, database, templates or cache, so it measures gunicorn plus Django's
request handling alone. BARE_PAGE_FILE names the file whose bytes it returns (the article page
exactly as the site served it)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import re_path

PAGE = Path(os.environ["BARE_PAGE_FILE"]).read_bytes()


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
application = get_wsgi_application()
