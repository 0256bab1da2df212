"""Local development and `make run`: DEBUG follows DJANGO_DEBUG (off unless asked for)."""

import os

from .base import *  # noqa: F403
from .base import env_list

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
