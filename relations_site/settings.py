"""Settings for the Relations site, read from the environment.

Development works with no environment at all (SQLite, local-memory cache, DEBUG on).
With DEBUG off, a missing SECRET_KEY or ALLOWED_HOSTS stops start-up with a clear error.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_env_file(path):
    """Set the variables of a KEY=value file that the environment does not set already."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, separator, value = line.strip().partition("=")
        name = name.removeprefix("export ").strip()
        if separator and name and not name.startswith("#"):
            os.environ.setdefault(name, value.strip().strip("\"'"))


# A local .env (see .env.example) configures this checkout for manage.py, dev.sh and the tests alike.
read_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "articles.apps.ArticlesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answered here, before any other middleware runs (hashed names cached for ever).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "relations_site.middleware.RequestLogMiddleware",
    # A query string with a control character (NUL…) is a 400 before anything reads it.
    "relations_site.middleware.QueryStringMiddleware",
    # Public pages gzipped on their way out, above the page cache (relations_site/compression.py).
    "relations_site.compression.PublicGZipMiddleware",
    # Anonymous readers' pages from the cache, before the rest of the stack (relations_site/page_cache.py).
    "relations_site.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "relations_site.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "relations_site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relations_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "relations_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection the database dropped (a restart) is replaced, not reused and failed.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and editors at once: WAL lets reads proceed during a write, IMMEDIATE takes
    # the write lock at BEGIN so two writers queue (busy timeout) instead of deadlocking.
    # SQLite's page cache is 2 MiB by default: once the indexes outgrow it, every insert reads
    # them back through the operating system (BENCHMARKS.md: at 1,000 articles, the import's
    # SQL time per article 11.9 -> 6.7 ms with 64 MiB). Pages are only taken as they are read.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA cache_size=-{int(os.environ.get('SQLITE_CACHE_MIB', '64')) * 1024};"
            ),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that refuses or never answers gives the 503 page within DATABASE_CONNECT_TIMEOUT
    # seconds instead of holding the worker; a statement running past DATABASE_STATEMENT_TIMEOUT_MS
    # is cancelled by the server (0: no limit, e.g. for a long migration).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
            "options": f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT_MS', '30000'))}",
        }
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache, failing soft and fast: an unreachable or hung Redis is a miss after
    # REDIS_TIMEOUT_SECONDS, and pages come from the database (relations_site/cache_backend.py).
    _redis_timeout = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "relations_site.cache_backend.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": _redis_timeout, "socket_timeout": _redis_timeout},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The content generation that invalidates cached pages (relations_site/page_cache.py) must be one
        # for every process of this machine (each web worker, import_article, the shell), or a
        # change made in one would not reach the pages another cached: a file, not local memory.
        # With REDIS_URL it lives in Redis, one for every machine.
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": Path(os.environ.get("LOCAL_CACHE_DIR", BASE_DIR / ".cache")) / "generation",
        },
    }
# How long an anonymous reader's page stays in the cache (0: never cached). Any content change
# makes every cached page unreachable at once (relations_site/page_cache.py), so this only bounds memory.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 3600))

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one account
# from one address, that account is locked from that address for AXES_COOLOFF_MINUTES, with the
# lockout page. Not the account everywhere: failures from anywhere would lock its editor out.
AUTHENTICATION_BACKENDS = ["relations_site.lockout.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "relations_site.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "relations_site.middleware.client_ip"
# How many reverse proxies in front of the site append to X-Forwarded-For (0: clients connect directly),
# and the addresses or networks they connect from: X-Forwarded-For is read only from those.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1")
try:
    for _address in TRUSTED_PROXY_ADDRESSES:
        ipaddress.ip_network(_address, strict=False)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_ADDRESSES: {error}") from None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Forms read and show ISO dates (relations_site/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["relations_site.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded images live in the default storage: MEDIA_ROOT on the filesystem, or an S3-compatible
# bucket when MEDIA_S3_BUCKET is set (needs `pip install django-storages[s3]`; see README). The keys
# are not settings: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not DEBUG:
    # collectstatic writes each file under a content-hashed name, with gzip copies; whitenoise
    # serves those names with far-future caching. Pages refer to them through {% static %}.
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# In development whitenoise serves static/ as it is, looked up afresh on each request. Fixed here,
# as the environment says, not from the DEBUG the test runner turns off.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("MEDIA_S3_LOCATION", "media"),
            # Public images with plain URLs (no expiring signatures to cache), never overwritten.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# Largest image upload accepted, in bytes and in pixels (width × height, after decoding).
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000))

# E-mails to reviewers (a draft submitted) and authors (approved, rejected); the console in development.
DRAFT_NOTIFICATIONS = env_bool("DRAFT_NOTIFICATIONS", True)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Largest source file the importer accepts, in bytes.
ARTICLE_IMPORT_MAX_BYTES = int(os.environ.get("ARTICLE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))

# Headers of every response. The Content-Security-Policy allows nothing inline and nothing from
# another origin: the site and the admin load only their own scripts, styles and images.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    # /healthz answers JSON to load balancers: no page, no policy.
    "EXCLUDE_URL_PREFIXES": ["/healthz"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Pictures from elsewhere, e.g. the S3 bucket or CDN of MEDIA_S3_CUSTOM_DOMAIN: "https://cdn.example.org".
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += env_list("CSP_IMG_SRC")
# Browser features the site never uses, turned off (relations_site.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True

# Structured logs: one JSON object per line on standard output, secrets masked (relations_site/logging.py).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "relations_site.logging.SensitiveDataFilter"}},
    "formatters": {"json": {"()": "relations_site.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["mask_secrets"],
        },
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # Every request once (relations_site.middleware.RequestLogMiddleware).
        "relations": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Errors with their tracebacks; 4xx lines are in the request log already.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

if not DEBUG:
    # Production: cookies only over HTTPS; HTTPS only, as the proxy in front of the site reports it.
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers poll /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # "HEADER,value": the header the proxy sets on requests that reached it over HTTPS; empty for none.
    _proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https")
    if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
