"""Settings shared by every environment. Values that differ between machines come from the
environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# Absolute base for canonical links, sitemaps and structured data; never taken from the request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "IOP Guide"
# Whether crawlers may index this deployment: robots.txt disallows everything when false, so a
# staging copy (SITE_URL on a staging host) never competes with the real site in search results.
ROBOTS_ALLOW_INDEXING = env_bool("ROBOTS_ALLOW_INDEXING", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "markdownx",
    "simple_history",
    "axes",
    "iopguide.core",
    "iopguide.guide",
    "iopguide.directory",
]

MIDDLEWARE = [
    # First, so even pages answered from the cache log the reader's address, not the proxy's.
    "iopguide.core.client_address.ClientAddressMiddleware",
    "iopguide.core.middleware.HealthCheckMiddleware",
    # Before everything that renders a page or keys the page cache: /es/... is Spanish, every
    # other address English, whatever the browser asks (so no Vary: Accept-Language).
    "iopguide.core.middleware.PathLanguageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 for any page whose ETag or Last-Modified matches, including pages served whole from
    # the page cache (the views' own conditional checks run only on a cache miss).
    "django.middleware.http.ConditionalGetMiddleware",
    # Counts facility pages opened (counters only), page-cache hits included.
    "iopguide.directory.demand.ListingOpenCounter",
    # Tags the pages the page cache shares, for the edge cache (iopguide.core.edge).
    "iopguide.core.edge.EdgeTagMiddleware",
    # After the HTTPS redirect and static files, before everything a cached page can skip.
    "iopguide.core.page_cache.ReaderPageCacheMiddleware",
    # Inside the page cache, so cached pages are stored compressed.
    "iopguide.core.compression.CompressionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "iopguide.core.middleware.SecurityHeadersMiddleware",
    # Before anything that could pass a NUL byte from the request to the database.
    "iopguide.core.middleware.RejectUnstorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iopguide.core.sessions.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, so a locked-out sign-in is answered before the admin view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iopguide.urls"
WSGI_APPLICATION = "iopguide.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "iopguide.core.context_processors.site",
            ],
        },
    },
]

# var/ (the default SQLite file's folder) is made by `make` and the Dockerfile, not here:
# importing settings creates nothing.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A Find Rehab search reads a few thousand rows: a bigger page cache and a memory map keep
    # them in memory (about 15% off a 100-mile search, scripts/bench_find_rehab.py).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA cache_size=-32000; PRAGMA mmap_size=134217728",
        # A transaction takes the write lock when it begins, so a second writer (another
        # worker's demand counts, an import from the command line) waits for it instead of
        # failing at once with "database is locked" when a read inside it turns into a write.
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(location: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "iopguide"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # Redis down must not take the site down: reads miss, writes are dropped, pages
            # render fresh, and each failure is logged (logger django_redis.cache, ERROR).
            # Short timeouts: a request makes a few cache calls, and a Redis host that drops
            # packets must cost a reader well under a second each, not the OS's minutes.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# The content generation every cached page and validator follows (iopguide.core.cache). With
# Redis it lives there, shared by every app server. Without, the cache is each process's own
# memory, and the generation lives in this file, which every process on the machine maps: one
# app server (the embedded default), any number of workers and management commands.
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    CONTENT_GENERATION_FILE = ""
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Find Rehab searches are cached one per normalized query: room for the common ones.
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
    CONTENT_GENERATION_FILE = os.environ.get(
        "CONTENT_GENERATION_FILE", str(VAR_DIR / "content-generation")
    )

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Proxies in front of the app that append to X-Forwarded-For (iopguide.core.client_address):
# 0 when gunicorn faces clients (`make run`), 1 behind the production TLS proxy. Too high lets
# clients choose their own address; too low makes everyone the proxy's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Sign-in throttling: five failures lock that user name from that address for an hour; the same
# user name still signs in from any other address, so nobody can lock anyone else out.
AXES_CLIENT_IP_CALLABLE = "iopguide.core.client_address.client_address"
AXES_USERNAME_CALLABLE = "iopguide.core.sessions.lockout_username"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Signed-in (editor) sessions: signed out after SESSION_IDLE_MINUTES without a request, and
# SESSION_MAX_AGE_HOURS after signing in whatever happens (iopguide.core.sessions).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MAX_AGE_HOURS", "12")) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Outages (iopguide.core.outages): what a 503 asks clients to wait, and how often the log may
# repeat a failure of one kind (with the count of those held back).
RETRY_AFTER_SECONDS = 30
OUTAGE_LOG_INTERVAL = int(os.environ.get("OUTAGE_LOG_INTERVAL", "60"))

# Find Rehab searches one worker runs at once, how many more may wait for a slot, and how long
# one waits before answering 503; beyond the waiting ones, 503 at once (iopguide.core.concurrency,
# docs/hardening.md).
SEARCH_CONCURRENCY_PER_WORKER = int(os.environ.get("SEARCH_CONCURRENCY_PER_WORKER", "1"))
SEARCH_QUEUE_WAIT = float(os.environ.get("SEARCH_QUEUE_WAIT", "0.1"))
SEARCH_QUEUE_DEPTH = int(os.environ.get("SEARCH_QUEUE_DEPTH", "2"))

# English at the site's old addresses, Spanish under /es/ (iopguide/urls.py). The language is
# the address's alone (iopguide.core.middleware.PathLanguageMiddleware): never the browser's.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Whole-page cache for anonymous readers (iopguide.core.page_cache). Entries are keyed on the
# content generation, so an edit shows at once whatever these say; a CDN may keep a page for
# the shared lifetime.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 24 * 60 * 60))
PAGE_CACHE_BROWSER_SECONDS = 60
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", 300))

# --- Scale-out: edge cache, object storage, a cache shared without Redis ---------------------
# (docs/deployment.md). Varnish instances to purge on every content change, e.g.
# "http://varnish:80/"; empty means no edge: pages are not tagged, nothing is purged.
EDGE_PURGE_URLS = env_list("EDGE_PURGE_URLS")
# How long the edge keeps a tagged page; purges drop it sooner on every change.
EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", 24 * 60 * 60))
# Per purge attempt: a change waits at most this long for an unreachable Varnish.
EDGE_PURGE_TIMEOUT = float(os.environ.get("EDGE_PURGE_TIMEOUT", 0.5))
# Failed purges are retried in the background this long before they are given up (logged).
EDGE_PURGE_RETRY_SECONDS = int(os.environ.get("EDGE_PURGE_RETRY_SECONDS", 300))
# Uploads go to an S3-compatible bucket when one is named; credentials come from the
# environment as boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from here.
# The site still serves them itself under MEDIA_URL, with its own headers.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    AWS_DEFAULT_ACL = None  # the bucket stays private: only the app reads it
    AWS_S3_FILE_OVERWRITE = False
# Several app servers on one machine without Redis (`make edge` on the defaults) share a cache
# in this folder, so an edit on one is seen by the other at once.
if not REDIS_URL and os.environ.get("CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
        }
    }
# Template fragments whose key holds the content generation (so they are never stale): each
# process keeps its own, since a lookup there costs microseconds and one in Redis a round trip,
# more than drawing the fragment again.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

CONTENT_DIR = BASE_DIR / "content"
# FindTreatment.gov, SAMHSA's locator: where `sync_findtreatment` asks, how politely (seconds
# between requests), and where it keeps the pages of a sweep so an interrupted one resumes.
FINDTREATMENT_URL = os.environ.get("FINDTREATMENT_URL", "https://findtreatment.gov")
FINDTREATMENT_REQUEST_DELAY = float(os.environ.get("FINDTREATMENT_REQUEST_DELAY", "1.0"))
FINDTREATMENT_SYNC_DIR = Path(
    os.environ.get("FINDTREATMENT_SYNC_DIR", VAR_DIR / "findtreatment-sync")
)

# How long a confirmed IOP detail may be shown as a fact; older ones read "not confirmed
# recently" and Find Rehab's filters treat them as unknown (iopguide/directory/listing_details.py).
LISTING_DETAIL_FRESH_DAYS = 180
LISTING_ACCEPTING_FRESH_DAYS = 30

SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

# Content-Security-Policy: everything from our own origin, nothing inline, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# django-markdownx: the admin preview runs the same renderer as the public page, and uploads
# accept only raster images (SVG can carry script); the upload view (guide/editor_views.py)
# checks the decoded image's type against MARKDOWNX_UPLOAD_CONTENT_TYPES.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "iopguide.guide.markdown.render_markdown"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}
MARKDOWNX_MEDIA_PATH = "guide/"
# The most memory one upload may decode into (width x height x bytes per pixel, read from the
# header before decoding): a 280 KB PNG can unpack to hundreds of MB.
IMAGE_DECODE_BUDGET_BYTES = 64 * 1024 * 1024

SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Outage loggers repeat at most one line per failure kind per OUTAGE_LOG_INTERVAL.
    "filters": {"outages": {"()": "iopguide.core.outages.ThrottledOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django_redis.cache": {"filters": ["outages"]},
        "iopguide.outages": {"filters": ["outages"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
