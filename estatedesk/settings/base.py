"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "estatedesk.core",
    "estatedesk.history",
    "estatedesk.accounts",
    "estatedesk.classification",
    "estatedesk.contacts",
    "estatedesk.activities",
    "estatedesk.properties",
    "estatedesk.deals",
    "estatedesk.documents",
    "estatedesk.contactlinks",
    "estatedesk.api",
    "estatedesk.capture",
    "estatedesk.intake",
    "estatedesk.webhooks",
    "estatedesk.portal",
    "estatedesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "estatedesk.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "estatedesk.accounts.two_factor_middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "estatedesk.history.actors.HistoryActorMiddleware",
    "estatedesk.accounts.middleware.OfficeTimezoneMiddleware",
    # Portal clients reach /portal/ only: the back office and the API refuse them.
    "estatedesk.portal.middleware.PortalClientFenceMiddleware",
]

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own
# static files, so a name or note that slipped past escaping still cannot run. A script that
# must stay inline carries the request's nonce (`{{ request.csp_nonce }}`); the API's docs pages
# add what Swagger UI and Redoc need in api/urls.py. A view that sets its own policy (document
# downloads' sandbox) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

ROOT_URLCONF = "estatedesk.urls"
# JSON for API clients, Django's page for browsers (core.error_views).
CSRF_FAILURE_VIEW = "estatedesk.core.error_views.csrf_failure"
WSGI_APPLICATION = "estatedesk.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection the server dropped meanwhile (a restart) is replaced before the
        # request uses it, rather than failing that request with a 503.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and a worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Model choice fields iterate with .iterator(); a server-side cursor costs three round trips
    # (DECLARE, FETCH, CLOSE) for a dozen rows, and breaks behind transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["estatedesk.accounts.backends.OfficeModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "contacts:contact_list"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins (accounts.throttling): past this many failures for one account (from addresses
# that fail), or four times as many from one address, within the window, each further attempt
# waits a delay that doubles with every failure (429). Nobody is locked out from elsewhere.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ESTATEDESK_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("ESTATEDESK_LOGIN_FAILURE_WINDOW", "900"))

# The name authenticator apps show beside the account (django-otp).
OTP_TOTP_ISSUER = "EstateDesk"

# How many reverse proxies in front of the app set X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("ESTATEDESK_TRUSTED_PROXY_COUNT", "0"))

# Database sessions whose rows name their user: session, user and office in one query.
SESSION_ENGINE = "estatedesk.accounts.sessions"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = PROJECT_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("ESTATEDESK_MEDIA_ROOT", PROJECT_DIR / "media"))
# Documents and property photos belong to records with visibility rules: they live in the
# "private" storage, which has no public URL, and views that check `visible_to` stream them.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("ESTATEDESK_PRIVATE_MEDIA_ROOT", PROJECT_DIR / "private-media")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
# Upload limits (megabytes) for documents and property photos.
DOCUMENT_MAX_MB = int(os.environ.get("ESTATEDESK_DOCUMENT_MAX_MB", "20"))
PHOTO_MAX_MB = int(os.environ.get("ESTATEDESK_PHOTO_MAX_MB", "10"))
# Counts a request's file bytes as they stream in and skips a file past the larger limit
# (Django's own handlers would spool a file of any size to disk first).
FILE_UPLOAD_HANDLERS = [
    "estatedesk.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "EstateDesk <noreply@localhost>")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Shorter than REMINDER_LEASE_SECONDS: a live worker never overruns its claim on a reminder.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
# For django.core.mail.backends.filebased.EmailBackend (one file per message).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(PROJECT_DIR / "sent-mail"))

# Background work: Django's tasks API (django-tasks) on the database (django-tasks-db); run
# `manage.py db_worker` beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ESTATEDESK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker (`manage.py run_worker`) writes a heartbeat this often; /health/ and the
# administrators' banner call it down after WORKER_STALE_SECONDS of silence, and where a worker
# is expected (set ESTATEDESK_WORKER_EXPECTED=1 in production) also before one ever ran.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("ESTATEDESK_WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_STALE_SECONDS = int(os.environ.get("ESTATEDESK_WORKER_STALE_SECONDS", "60"))
WORKER_EXPECTED = env_bool("ESTATEDESK_WORKER_EXPECTED", False)
# How long a worker's claim on a reminder lasts before another worker may take it over.
REMINDER_LEASE_SECONDS = int(os.environ.get("ESTATEDESK_REMINDER_LEASE_SECONDS", "300"))
# Where links in e-mails (reminders) point: the address people open EstateDesk at.
ESTATEDESK_BASE_URL = os.environ.get("ESTATEDESK_BASE_URL", "http://127.0.0.1:8000")
# How long a client portal invitation link stays valid (estatedesk.portal).
PORTAL_INVITATION_DAYS = int(os.environ.get("ESTATEDESK_PORTAL_INVITATION_DAYS", "7"))

LIST_PAGE_SIZE = 25
LIST_PAGE_SIZES = [25, 50, 100]
# Lists count matching rows up to this many and say “more than …” beyond (see core.pagination).
LIST_COUNT_CAP = int(os.environ.get("ESTATEDESK_LIST_COUNT_CAP", "1000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

FORMS_URLFIELD_ASSUME_HTTPS = True

# Webhook URLs that are or resolve to loopback, private, link-local or metadata addresses are
# refused (docs/webhooks.md); development and tests may allow them to reach a local receiver.
WEBHOOKS_ALLOW_PRIVATE_HOSTS = env_bool("ESTATEDESK_WEBHOOKS_ALLOW_PRIVATE_HOSTS", False)

# The REST API (estatedesk.api): token or session auth, staff of an office only, keyset paging,
# a request budget per token, errors as {"field": ["message"]} (see docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "estatedesk.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["estatedesk.core.api.permissions.IsOfficeStaff"],
    "DEFAULT_PAGINATION_CLASS": "estatedesk.api.pagination.RecordCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["estatedesk.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("ESTATEDESK_API_RATE", "1000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "estatedesk.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["estatedesk.api.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EstateDesk API",
    "DESCRIPTION": (
        "Leads, contacts, relations, categories, lead sources and custom fields of your office. "
        "Authenticate with `Authorization: Bearer <key>` (create a key under API tokens). "
        "You see through the API exactly what you see in the web client."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # One choice set serves fields of different names (a stage's kind, a deal's status).
    "ENUM_NAME_OVERRIDES": {
        "StageKindEnum": "estatedesk.deals.choices.StageKind",
        "PortalSideEnum": "estatedesk.portal.choices.Side",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "estatedesk.api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Field change history (django-auditlog, `estatedesk.history`): changes as JSON [old, new] with
# typed values; no client addresses kept (staff IPs are personal data the history never shows).
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
# The default cache is a database table (made by the api app's first migration): throttling
# counts must be shared by every process and machine, and the app keeps no state of its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "estatedesk_cache",
    }
}
