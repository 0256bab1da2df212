"""Site-wide foundation: settings that fail fast, health check, error pages, headers, static."""

import importlib.util
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.utils import OperationalError
from django.template.loader import render_to_string
from django.test import Client, override_settings

BASE_DIR = Path(settings.BASE_DIR)


def _import_prod_settings(env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import iopguide.settings.prod"],
        cwd=BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
    )


def test_prod_settings_refuse_to_start_without_a_secret_key():
    result = _import_prod_settings({"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_prod_settings_refuse_to_start_without_allowed_hosts():
    result = _import_prod_settings({"DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_prod_settings_start_with_their_secrets():
    result = _import_prod_settings(
        {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.org"}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def _help_now(body: str) -> str:
    """The page's own "if you need help now" paragraph (after the crisis strip)."""
    return body.split('id="main"', 1)[1].split("If you need help now", 1)[1].split("</p>", 1)[0]


@pytest.mark.django_db
def test_unknown_page_gets_the_site_404_pointing_to_911_and_988_first(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "couldn't find that page" in body
    assert 'name="robots" content="noindex"' in body
    help_now = _help_now(body)
    assert help_now.index("tel:911") < help_now.index("tel:988") < help_now.index("tel:+1800")


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_stand_alone_with_the_helpline(template):
    # They must render without the database (no django_db mark: a query would fail the test)
    # and without a request or context processors.
    body = render_to_string(template)
    assert body.startswith("<!doctype html>")
    help_now = _help_now(body)
    assert help_now.index("tel:911") < help_now.index("tel:988") < help_now.index("tel:+1800")


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_hashed_static_files_are_compressed_and_cached_for_a_year(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        # Our own files are enough here; compressing the admin's would only slow the test.
        call_command("collectstatic", "--noinput", "--ignore", "admin", verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/site.css"]
        response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] in {"br", "gzip"}
        assert "immutable" in response["Cache-Control"]
        assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) >= 31536000


def test_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), str(BASE_DIR / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", BASE_DIR / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _worker(served, max_requests=1000, booted=True):
    return SimpleNamespace(booted=booted, nr=served, max_requests=max_requests)


def test_gunicorn_preloads_the_app_and_recycles_workers():
    conf = _gunicorn_conf()
    assert conf.preload_app is True
    assert conf.max_requests > 0


@pytest.mark.parametrize(
    "worker, leaves_at_once",
    [
        (_worker(served=1000), True),  # recycled after max_requests
        (_worker(served=10), False),  # shutdown or error: normal exit, exit code kept
        (_worker(served=0, booted=False), False),  # failed to boot: the master must know
    ],
)
def test_only_a_recycled_gunicorn_worker_skips_pythons_shutdown(
    monkeypatch, worker, leaves_at_once
):
    exits = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(logging, "shutdown", lambda: None)  # keep the test run's log handlers
    _gunicorn_conf().worker_exit(server=None, worker=worker)
    assert exits == ([0] if leaves_at_once else [])
