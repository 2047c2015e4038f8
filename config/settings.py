"""Rembuk settings: one file, driven by the environment.

Two ways in (docs/decisions/0013): `manage.py` in a checkout is development — DEBUG, the data
in var/, a fixed development key — for `make demo` and the tests. The `rembuk` command (and any
process outside a checkout) is production: the data directory REMBUK_HOME, a secret key
generated there on first start, hashed and compressed static files served by whitenoise, and
the TLS settings on when the public address (REMBUK_BASE_URL) is https. REMBUK_ENV overrides.

Unset DATABASE_URL means the embedded default (SQLite in WAL mode in the data directory), which
is what a kecamatan laptop runs. A kabupaten or national hub sets DATABASE_URL to PostgreSQL.
"""

import datetime
import hashlib
import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import installation

BASE_DIR = installation.BASE_DIR

ENVIRONMENT = os.environ.get("REMBUK_ENV") or (
    "development" if installation.in_checkout() else "production"
)
IS_PRODUCTION = ENVIRONMENT == "production"

# --- where this installation keeps its data -------------------------------------------------
DATA_DIR, _may_create_data_dir = installation.data_directory(production=IS_PRODUCTION)
installation.prepare_data_directory(DATA_DIR, may_create=_may_create_data_dir)
VAR_DIR = DATA_DIR  # its name before installations had a data directory of their own

DEVELOPMENT_SECRET_KEY = "rembuk-development-only-never-use-in-production"  # noqa: S105
if os.environ.get("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
elif IS_PRODUCTION:
    SECRET_KEY = installation.secret_key(DATA_DIR)
else:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if IS_PRODUCTION and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used in production.")

DEBUG = os.environ.get("DEBUG", "0" if IS_PRODUCTION else "1") == "1"

# --- the public address ---------------------------------------------------------------------
# REMBUK_BASE_URL is the address people type (https://rembuk.example.go.id/). Links and QR codes
# printed away from a request carry it, its host is allowed, and when it is https the TLS
# settings below are on. A laptop serving plain HTTP to its own office leaves it unset.
BASE_URL = os.environ.get("REMBUK_BASE_URL", "").rstrip("/")
_public = urlsplit(BASE_URL)
SERVES_HTTPS = IS_PRODUCTION and _public.scheme == "https"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
if _public.hostname:
    ALLOWED_HOSTS.append(_public.hostname)
    CSRF_TRUSTED_ORIGINS.append(f"{_public.scheme}://{_public.netloc}")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "rembuk.core",
    "rembuk.operations",
    "rembuk.regions",
    "rembuk.people",
    "rembuk.plans",
    "rembuk.monitoring",
    "rembuk.meetings",
    "rembuk.reports",
    "rembuk.sync",
    "rembuk.learning",
    "rembuk.evaluation",
    "rembuk.support",
    "rembuk.district",
    "rembuk.programme",
    "rembuk.notifications",
    "rembuk.home",
    "rembuk.api",
    # Last: the demo data sits on top of every app (seed_demo).
    "rembuk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rembuk.core.compression.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rembuk.core.middleware.SamePersonMiddleware",
    "rembuk.people.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "rembuk.core.middleware.PrivateCacheMiddleware",
    "rembuk.core.middleware.PermissionRuleMiddleware",
    "rembuk.core.middleware.SentOnceMiddleware",
    "rembuk.people.middleware.LocalTimeMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [installation.project_file("templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "rembuk.people.context_processors.navigation",
                "rembuk.notifications.context_processors.unread_notifications",
            ],
            "string_if_invalid": "",
            # {% sent_once %} in every plain POST form (rembuk.core.sent_once).
            "builtins": ["rembuk.core.templatetags.sent_once"],
        },
    }
]
# Every form's labels without Django's trailing colon (rembuk.core.forms.FormRenderer).
FORM_RENDERER = "rembuk.core.forms.FormRenderer"

# --- database -------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    # pytest drops and recreates its test database: two checkouts testing against one server
    # (a CI clone beside a developer's tree) would drop each other's, so the default name holds
    # a tag of the checkout's path. TEST_DATABASE_SUFFIX tells apart runs of one checkout.
    _checkout = hashlib.blake2s(str(BASE_DIR).encode(), digest_size=4).hexdigest()
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        os.environ.get("TEST_DATABASE_NAME") or f"test_{DATABASES['default']['NAME']}_{_checkout}"
    ) + os.environ.get("TEST_DATABASE_SUFFIX", "")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "rembuk.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE makes concurrent writers queue instead of failing half-way.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            # One connection per server thread, kept between requests as PostgreSQL's are: with
            # Django's default (0) every request opened the file, ran the PRAGMAs and registered
            # Django's SQL functions, and its close checkpointed the WAL — about 1.8 ms of a
            # 1.2 ms page frame on a laptop. A restore refuses to run beside the server, so a
            # kept connection never outlives its file.
            "CONN_MAX_AGE": 600,
            # The test database is a file too, not Django's shared in-memory one: the browser
            # tests' live server then reads and writes like the real thing (WAL), instead of
            # failing with "table is locked" when a page saves while another request reads.
            # One file per test process, so two runs side by side never share it.
            "TEST": {
                "NAME": os.environ.get(
                    "SQLITE_TEST_PATH", str(DATA_DIR / f"test-rembuk-{os.getpid()}.sqlite3")
                )
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
# Django's ModelBackend last, only for the sessions it signed in before AccountBackend.
AUTHENTICATION_BACKENDS = [
    "rembuk.people.backends.ThrottledLoginBackend",
    "rembuk.people.backends.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "people:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- language -------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [installation.project_file("locale")]
# Dates day first (dd-mm-yyyy) in both languages: config/formats, rembuk.core.dates.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Makassar")
USE_TZ = True

# --- static ---------------------------------------------------------------------------------
STATIC_URL = "static/"
# The sources, read by name (WeasyPrint loads the print stylesheets from here).
STATIC_SOURCE_DIR = installation.project_file("static")
STATICFILES_DIRS = [STATIC_SOURCE_DIR]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = DATA_DIR / "media"
if IS_PRODUCTION:
    # Hashed names and gzip/brotli copies, made once by collectstatic (`rembuk serve` and
    # `rembuk upgrade` run it) of the files without their comments (rembuk.core.staticfiles);
    # config.wsgi serves them with whitenoise in front of Django, cached for a year since a
    # changed file gets a new name.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "rembuk.core.staticfiles.ServedStaticFilesStorage"},
    }

# --- security -------------------------------------------------------------------------------
# Django's database sessions, read through a query compiled once (rembuk.people.sessions).
SESSION_ENGINE = "rembuk.people.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Django's refusal, marked so that a page's script tells it from a role's (rembuk.core.views).
CSRF_FAILURE_VIEW = "rembuk.core.views.csrf_failure"
SESSION_COOKIE_SECURE = SERVES_HTTPS
CSRF_COOKIE_SECURE = SERVES_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: everything comes from /static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- production: TLS, the reverse proxy, email ------------------------------------------------
if os.environ.get("REMBUK_BEHIND_PROXY") == "1":
    # Only behind a reverse proxy that sets this header itself (docs/deploy.md): trusted
    # anywhere else, a client could claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if SERVES_HTTPS:
    SECURE_SSL_REDIRECT = True
    # The hub's own monitoring asks for /healthz over plain HTTP on the loopback address.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("REMBUK_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading HSTS is a commitment a kabupaten makes for its whole domain, not a default. A
# laptop serving plain HTTP to its office has no certificate to redirect to, and its cookies
# cannot be HTTPS-only; what `check --deploy` would say about that is known and intended.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if IS_PRODUCTION and not SERVES_HTTPS:
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]

# In production, notification emails go out by SMTP: to EMAIL_HOST, or to the machine's own mail
# server (a Debian hub's local postfix or exim). Where none answers, the failure is logged and
# the notification stays in Rembuk. A checkout prints emails instead of sending them.
_email_host = os.environ.get("EMAIL_HOST", "")
if IS_PRODUCTION and not os.environ.get("EMAIL_BACKEND"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host or "localhost",
                "port": int(os.environ.get("EMAIL_PORT", "587" if _email_host else "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": os.environ.get("EMAIL_USE_TLS", "1" if _email_host else "0") == "1",
                "use_ssl": os.environ.get("EMAIL_USE_SSL", "0") == "1",
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get(
                "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            ),
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"rembuk@{_public.hostname or 'localhost'}"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- login throttling (django-axes; docs/decisions/0011) -------------------------------------
# Five wrong passwords for one username lock that username for 15 minutes, from anywhere (a
# kecamatan office shares one address, so locking by address would lock out the whole office).
# An administrator of the person's area unlocks them on their page; or `axes_reset_username`.
AXES_FAILURE_LIMIT = int(os.environ.get("REMBUK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rembuk.people.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# axes.W006 asks to lock by address too, against guessers who rotate browsers or cookies; the
# lock by username stops them already, and locking by address would lock out a whole office.
SILENCED_SYSTEM_CHECKS += ["axes.W006"]

# --- Rembuk ---------------------------------------------------------------------------------
# A stable id for this install as a sync node; generated and stored on first use when unset.
REMBUK_NODE_ID = os.environ.get("REMBUK_NODE_ID", "")
# Shifts this node's wall clock for its hybrid logical clock (tests of skewed clocks only).
REMBUK_CLOCK_OFFSET_MS = int(os.environ.get("REMBUK_CLOCK_OFFSET_MS", "0"))
# Scheduled backups (and those made before an upgrade or a restore) older than this are deleted.
REMBUK_BACKUP_KEEP_DAYS = int(os.environ.get("REMBUK_BACKUP_KEEP_DAYS", "14"))
# A hub refuses changes stamped further ahead of its own clock than this (docs/sync.md).
REMBUK_SYNC_MAX_CLOCK_AHEAD = datetime.timedelta(
    hours=float(os.environ.get("REMBUK_SYNC_MAX_CLOCK_AHEAD_HOURS", "12"))
)
# Uploads larger than this are refused before they are parsed.
REMBUK_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# The REST API (/api/v1/): requests per personal access token, e.g. "300/min" (s, min, hour, day).
REMBUK_API_RATE = os.environ.get("REMBUK_API_RATE", "300/min")

# Long exports (the whole-meeting PDF, the ZIP of every village's files) run in the background:
# `manage.py db_worker` picks them up from the database. Tests use the immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Every process logs to its standard error; `rembuk serve` writes each of its processes' output
# to a rotated file in DATA_DIR/logs (rembuk.operations.serving).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
