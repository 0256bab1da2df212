"""Start-up work runs in gunicorn's master before it forks the workers: it loads what every
worker needs (views, URL maps in every language, compiled templates), and opens no connection a
forked worker would share."""

import os
import subprocess
import sys

from django.conf import settings

CHECK = """
import sys
import django
django.setup()
from django.db import connections
from iopguide.startup import prepare_process
prepare_process()
print("views loaded:", "iopguide.directory.views.find" in sys.modules)
print("database connections:", sum(c.connection is not None for c in connections.all()))
from django.template import engines
from django.urls import get_resolver
print("url maps:", sorted(get_resolver()._reverse_dict))
loader = engines["django"].engine.template_loaders[0]
compiled = {key.split("-")[0] for key in loader.get_template_cache}
print("templates compiled:", {"base.html", "guide/article.html"} <= compiled)
"""


def test_start_up_loads_what_a_first_request_needs_and_opens_no_database_connection():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "iopguide.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "views loaded: True" in result.stdout
    assert "database connections: 0" in result.stdout
    languages = sorted(code for code, _ in settings.LANGUAGES)
    assert f"url maps: {languages}" in result.stdout
    assert "templates compiled: True" in result.stdout
