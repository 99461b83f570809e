"""Django settings for the mamori web application.

Embedded defaults need no server: SQLite in the data directory `MAMORI_HOME` (default
`./var`). Production sets `DATABASE_URL` (PostgreSQL), `MAMORI_PRODUCTION=1` and the
allowed hosts; `manage.py check --deploy` is then clean.

Environment variables:

MAMORI_HOME            data directory (default ./var): database, secret key, uploads
DATABASE_URL           e.g. postgres://user@127.0.0.1:5432/mamori (default: SQLite)
MAMORI_SECRET_KEY      overrides the per-installation key kept in MAMORI_HOME/secret_key
MAMORI_PRODUCTION      1 for HTTPS-only cookies, HSTS and the other deploy settings
MAMORI_DEBUG           1 for Django's debug pages (never in production)
MAMORI_ALLOWED_HOSTS   comma-separated host names (default 127.0.0.1,localhost)
MAMORI_SESSION_MINUTES idle minutes before a session ends (default 30)
MAMORI_MAX_UPLOAD_MB   largest file accepted for scanning (default 50)
MAMORI_SCAN_TIMEOUT    seconds one file may be scanned before it is unscannable (300)
MAMORI_SCAN_WORKERS    worker processes per scan pass (default 2)
MAMORI_SCAN_IN_PROCESS 0 when separate `mamori manage scan_worker` processes scan (1)
MAMORI_EDM_INDEX       EDM index files, separated by ":" (real-resident matching)
MAMORI_EDM_KEY_FILE    the EDM key file (else $MAMORI_EDM_KEY)
MAMORI_UPLOAD_KEY      64 hex digits: the key uploads are encrypted with (else a key file
                       in MAMORI_HOME, created on first use)
MAMORI_KEY             64 hex digits: the key of findings' keyed hashes and the allowlist
MAMORI_REDIS_URL       e.g. redis://127.0.0.1:6379/0: Django's cache (the API's rate-limit
                       counters shared by several web processes); default local memory
MAMORI_API_SCANS_PER_MINUTE  POST /api/v1/scans per client and minute (default 60)
MAMORI_API_READS_PER_MINUTE  GET /api/v1/scans/{id} per client and minute (default 600)
MAMORI_API_MAX_PENDING files one client may have queued or scanning at once (default 20)
MAMORI_API_WAIT_SECONDS how long POST /api/v1/scans waits for the result before 202 (8)
MAMORI_PUBLICATION_RETENTION_DAYS  days the 公開前チェック keeps originals after a request
                       is closed (default 30; `mamori manage purge_publication` deletes them)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


MAMORI_HOME = Path(os.environ.get("MAMORI_HOME", "var")).resolve()
MAMORI_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("MAMORI_SECRET_KEY"):
        return key
    path = MAMORI_HOME / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
PRODUCTION = _flag("MAMORI_PRODUCTION")
DEBUG = _flag("MAMORI_DEBUG") and not PRODUCTION
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MAMORI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mamori_web.accounts",
    "mamori_web.org",
    "mamori_web.audittrail",
    "mamori_web.sweep",
    "mamori_web.portal",
    "mamori_web.scanning",
    "mamori_web.api",
    "mamori_web.publication",
    "mamori_web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mamori_web.portal.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mamori_web.portal.middleware.AppErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mamori_web.accounts.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "mamori_web.urls"
WSGI_APPLICATION = "mamori_web.wsgi.application"

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
                "mamori_web.portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{MAMORI_HOME / 'mamori.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["mamori_web.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "mamori_web.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]

# Lockout: this many failures within the window lock the account until a security
# officer unlocks it or the lock expires.
MAMORI_LOCKOUT_THRESHOLD = int(os.environ.get("MAMORI_LOCKOUT_THRESHOLD", "5"))
MAMORI_LOCKOUT_WINDOW_MINUTES = int(os.environ.get("MAMORI_LOCKOUT_WINDOW_MINUTES", "15"))
MAMORI_LOCKOUT_MINUTES = int(os.environ.get("MAMORI_LOCKOUT_MINUTES", "30"))

# Sessions end after MAMORI_SESSION_MINUTES without activity and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("MAMORI_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("MAMORI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = MAMORI_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from finders; the folder must exist
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "mamori": {"handlers": ["console"], "level": "INFO"},
        "mamori_web": {"handlers": ["console"], "level": "INFO"},
    },
}

EMAIL_BACKEND = os.environ.get(
    "MAMORI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Scanning uploads (公開前チェック, CMS API): mamori_web.scanning
MAMORI_MAX_UPLOAD_BYTES = int(os.environ.get("MAMORI_MAX_UPLOAD_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAMORI_MAX_UPLOAD_BYTES + 1024 * 1024
MAMORI_SCAN_TIMEOUT = float(os.environ.get("MAMORI_SCAN_TIMEOUT", "300"))
MAMORI_SCAN_WORKERS = int(os.environ.get("MAMORI_SCAN_WORKERS", "2"))
MAMORI_SCAN_IN_PROCESS = _flag("MAMORI_SCAN_IN_PROCESS", True)
MAMORI_EDM_INDEXES = [p for p in os.environ.get("MAMORI_EDM_INDEX", "").split(":") if p]
MAMORI_EDM_KEY_FILE = os.environ.get("MAMORI_EDM_KEY_FILE") or None

# Cache: local memory (embedded, no server) unless MAMORI_REDIS_URL names a Redis server.
if _redis_url := os.environ.get("MAMORI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "mamori",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mamori",
        }
    }

# The CMS API (mamori_web.api)
MAMORI_API_SCANS_PER_MINUTE = int(os.environ.get("MAMORI_API_SCANS_PER_MINUTE", "60"))
MAMORI_API_READS_PER_MINUTE = int(os.environ.get("MAMORI_API_READS_PER_MINUTE", "600"))
MAMORI_API_MAX_PENDING = int(os.environ.get("MAMORI_API_MAX_PENDING", "20"))
MAMORI_API_WAIT_SECONDS = float(os.environ.get("MAMORI_API_WAIT_SECONDS", "8"))
MAMORI_API_RETRY_AFTER_SECONDS = 2
# 公開前チェック: originals kept this many days after a request is closed (purge_publication)
MAMORI_PUBLICATION_RETENTION_DAYS = int(os.environ.get("MAMORI_PUBLICATION_RETENTION_DAYS", "30"))
