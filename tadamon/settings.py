"""Django settings for Tadamon.

Everything that differs between a laptop, CI and production comes from the
environment: DATABASE_URL (default: the embedded SQLite file under var/),
TADAMON_DEBUG, TADAMON_SECRET_KEY, TADAMON_ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("TADAMON_VAR_DIR", PROJECT_DIR / "var"))

# A stack trace never reaches a user: debug pages are opt-in for developers.
DEBUG = os.environ.get("TADAMON_DEBUG", "") == "1"
SECRET_KEY = os.environ.get(
    "TADAMON_SECRET_KEY", "tadamon-local-only-secret-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = os.environ.get("TADAMON_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}
if "local-only" in SECRET_KEY and set(ALLOWED_HOSTS) - LOCAL_HOSTS:
    # Served beyond this machine with the key from the repository: sessions could be forged.
    raise ImproperlyConfigured("Set TADAMON_SECRET_KEY before serving Tadamon to other hosts.")
# Behind HTTPS (production), cookies only travel encrypted.
if os.environ.get("TADAMON_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "tadamon.accounts",
    "tadamon.territory",
    "tadamon.history",
    "tadamon.registry",
    "tadamon.identity",
    "tadamon.imports",
    "tadamon.search",
    "tadamon.observatory",
    "tadamon.funding",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "tadamon.portal",
    "tadamon.selfservice",
    "tadamon.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tadamon.portal.middleware.DefaultArabicLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tadamon.history.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "tadamon.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tadamon.portal.context.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "tadamon.wsgi.application"

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'tadamon.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        # Tests set 0: threads of the live server and concurrency tests must not
        # leave sessions open that keep PostgreSQL from dropping the test database.
        conn_max_age=int(os.environ.get("TADAMON_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while an import writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "admin:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Arabic first; French and English switchable.
LANGUAGE_CODE = "ar"
# Each language is named in itself, whatever the page language is.
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "tadamon_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Uploaded files (the evidence of reported results): never served to the public as
# static files; the pages that show them check who asks.
MEDIA_ROOT = VAR_DIR / "media"
STATIC_ROOT = VAR_DIR / "static"
# Vendored front-end files (Bootstrap, htmx, ECharts, fonts): see static/vendor/VERSIONS.md.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# REST API rate limits per client (tadamon.api.throttling): per token, else per address;
# "N/period" (s, min, hour, day) or None for no limit. Counted in the cache below.
TADAMON_API_RATES = {
    "anonymous": os.environ.get("TADAMON_API_RATE_ANONYMOUS", "120/min"),
    "token": os.environ.get("TADAMON_API_RATE_TOKEN", "1200/min"),
}
# Reverse proxies in front of the site whose X-Forwarded-For is trusted (0: none).
TADAMON_API_PROXIES = int(os.environ.get("TADAMON_API_PROXIES", "0"))
# Django's local-memory cache by default (one count per process); production sets
# TADAMON_REDIS_URL (e.g. redis://127.0.0.1:6379/1) so every worker shares one count.
if os.environ.get("TADAMON_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TADAMON_REDIS_URL"],
        }
    }
