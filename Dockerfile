# syntax=docker/dockerfile:1
# Build: docker build -t iopguide .
# Migrate (a separate, deliberate step): docker run --rm --env-file .env iopguide python manage.py migrate
# Serve:  docker run -p 8000:8000 --env-file .env iopguide

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY pyproject.toml README.md ./
COPY iopguide ./iopguide
RUN pip install --no-cache-dir .
# The translations, compiled with Debian's gettext here so the runtime image needs none of it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21* \
    && rm -rf /var/lib/apt/lists/*
COPY locale ./locale
RUN django-admin compilemessages --verbosity 0

FROM python:3.12-slim-bookworm AS runtime
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=iopguide.settings.prod \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=app:app . .
COPY --from=build --chown=app:app /app/locale ./locale
# collectstatic needs settings but no real secret or database.
RUN DJANGO_SECRET_KEY=collectstatic-only-build-time-placeholder-value-not-used-at-runtime \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media && chown -R app:app /app/var
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "iopguide.wsgi:application", "-c", "gunicorn.conf.py"]
