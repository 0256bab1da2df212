"""pytest settings: fast hashing, plain static storage (no collectstatic needed), in-memory mail."""

import os

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Each test run gets its own cache namespace so parallel runs on one Redis never collide (the
# processes of one site started by a test share the namespace they are given).
if os.environ.get("REDIS_URL") and not os.environ.get("CACHE_KEY_PREFIX"):
    CACHES["default"]["KEY_PREFIX"] = f"iopguide-test-{os.getpid()}"  # noqa: F405
elif not os.environ.get("REDIS_URL") and not os.environ.get("CONTENT_GENERATION_FILE"):
    # Each test gets its own generation file (conftest.py); this one serves code run outside.
    CONTENT_GENERATION_FILE = str(VAR_DIR / "test-content-generation")  # noqa: F405

# WhiteNoise scans STATIC_ROOT at start-up; the root conftest.py makes this (empty) folder, so
# there is no warning and importing settings creates nothing.
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405
