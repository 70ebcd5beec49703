"""Settings, configured from environment variables (see the README's table)."""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


DEBUG = env_bool("DEBUG")
# Under pytest: no SECRET_KEY needed, static files served without collectstatic.
TESTING = "pytest" in sys.modules or env_bool("FACTCHECK_TESTING")

# Without SECRET_KEY a development key is used, but only while DEBUG is on:
# a production server must never run with a key that is public in the repo.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "corsheaders",
    "factcheck.core",
    "factcheck.review",
    "factcheck.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compresses to about a tenth. Safe against BREACH here: the CSRF token
    # in a page is masked with a fresh random salt on every response (so no
    # secret repeats byte for byte for an attacker to guess against), and
    # Django's GZipMiddleware also pads each response with random bytes
    # (length randomisation). Static files keep whitenoise's own precompressed
    # copies (it answers before this middleware).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware has checked the host: absolute URLs use it.
    "factcheck.core.siteurl.SiteURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into our login page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.review.context_processors.desk_counts",
                "factcheck.public.ratings_css.ratings_css_url",
            ],
        },
    },
]
# Form fields and widgets render with Django's own Jinja2 form templates where
# they exist (see factcheck/forms_renderer.py): pages stay Django templates.
FORM_RENDERER = "factcheck.forms_renderer.FormRenderer"

# DATABASE_URL picks PostgreSQL (production, CI); without it a first run uses SQLite.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Tests close connections after each request: a live-server thread
        # holding one open keeps the test database from being dropped.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if TESTING else 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    # Hashing cost is irrelevant in tests and would dominate their run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:desk"
LOGOUT_REDIRECT_URL = "public:home"

# Password guessing: a username from one address is locked out after this many
# failures for the cool-off time; a successful login resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "factcheck.accounts.lockout_response"
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs);
# see factcheck/core/clients.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Password reset mail: printed to the console in development (tests use
# Django's in-memory outbox), sent by SMTP otherwise (Django 6.1's MAILERS).
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                # Without EMAIL_PORT: 587 with TLS, 25 without.
                **({"port": env_int("EMAIL_PORT", 0)} if os.environ.get("EMAIL_PORT") else {}),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck@localhost")

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development and tests serve static files straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Uploads: the source size limit is ours; Django's in-memory limit stays small
# so a large upload spools to a temporary file instead of memory.
FACTCHECK_MAX_SOURCE_BYTES = env_int("FACTCHECK_MAX_SOURCE_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_SOURCE_BYTES + 1024 * 1024
# Largest ClaimReview file the admin's "Import ClaimReview" accepts (an archive).
FACTCHECK_MAX_IMPORT_BYTES = env_int("FACTCHECK_MAX_IMPORT_BYTES", 100 * 1024 * 1024)

# Built-in CSP: no inline scripts or styles without the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses/CIDRs of the reverse proxies in front of gunicorn (comma-separated).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# /healthz answers plain HTTP from a load balancer on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# CACHE_URL (redis://host:port/db) gives Django's RedisCache, shared by every
# instance: the suggestion limit and sessions (with SESSION_ENGINE=cache) then
# hold across machines. Without it, a process-local cache (one machine, one
# process: the limit is per process). Public pages are keyed by an epoch kept
# in the database, so a stale copy is never served either way.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "CACHE_BACKEND",
            "django.core.cache.backends.redis.RedisCache"
            if CACHE_URL
            else "django.core.cache.backends.locmem.LocMemCache",
        ),
        "LOCATION": CACHE_URL or os.environ.get("CACHE_LOCATION", "factcheck"),
        "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
}
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")

# Background work (core/tasks.py) on Django's Tasks framework. The database
# backend (django-tasks-db) queues in the app's own database; `manage.py
# worker` runs it. Tests run tasks at once in the request unless they ask.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if TESTING else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND]
    }
}
# A worker whose heartbeat is older than this is reported dead by /healthz.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 30)

FACTCHECK_ORGANISATION = os.environ.get("FACTCHECK_ORGANISATION", "Factcheck")

# The base of absolute URLs built without a request (commands, tasks in a
# worker); during a request they come from the request (core/siteurl.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Every line carries a timestamp and the process id (N instances, M workers
# write to one log); LOG_FORMAT replaces the whole format string.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {
            "format": os.environ.get(
                "LOG_FORMAT", "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
            ),
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The read-only API (/api/) is public data for other sites: any origin may GET
# it, without credentials. Nothing else is shared cross-origin.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag",)

# Fetching pages from the web (core/fetch.py) and our copies of them (WARC files in
# the default storage, under MEDIA_ROOT on the file system unless STORAGES says otherwise).
MEDIA_ROOT = Path(
    os.environ.get(
        "MEDIA_ROOT",
        Path(tempfile.gettempdir()) / "factcheck-test-media" if TESTING else BASE_DIR / "media",
    )
)
FACTCHECK_FETCH_MAX_BYTES = env_int("FACTCHECK_FETCH_MAX_BYTES", 10 * 1024 * 1024)
FACTCHECK_FETCH_TIMEOUT = float(os.environ.get("FACTCHECK_FETCH_TIMEOUT", "20"))
# Comma-separated CIDRs the fetcher may connect to besides public addresses (test servers).
FACTCHECK_FETCH_ALLOW = os.environ.get("FACTCHECK_FETCH_ALLOW", "")
