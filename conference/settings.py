"""Settings for Family Links Hub: one module, read from the environment.

Every variable is listed in `.env.example`. With no environment at all the
platform runs on SQLite and the in-memory channel layer (the embedded default).
"""

from pathlib import Path

import dj_database_url
import django.conf.locale
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from conference.env import (
    env_bool,
    env_float,
    env_hostname,
    env_int,
    env_list,
    env_origins,
    env_str,
    env_time_zone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"  # noqa: S105
elif len(SECRET_KEY) < 50 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "modeltranslation",  # before the admin, which it extends
    "conference.apps.FamilyLinksAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    # Background tasks: Django 6's tasks API (backport) with its database backend.
    "django_tasks",
    "django_tasks_db",
    "conference",
    "hubs",
    "sessions_app",
    "support.library",
    "support.forum",
    "support.signals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Static files above are never shed; every request below is (conference/shedding.py).
    "conference.shedding.LoadSheddingMiddleware",
    # Static files are compressed by WhiteNoise (above); pages and JSON are gzipped here
    # (Django's middleware pads each response against BREACH; CSRF tokens are masked);
    # media and byte ranges are left alone.
    "conference.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "conference.middleware.UserPreferencesMiddleware",
    "conference.caching.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A member suspended from the forum sees why on its pages (support/forum/moderation.py).
    "support.forum.middleware.ForumSuspensionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Asks again, once per visit, when a notice the member agreed to changed in substance.
    "conference.consent.NoticeReviewMiddleware",
    "csp.middleware.CSPMiddleware",
    "conference.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "conference.urls"
ASGI_APPLICATION = "conference.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conference.context_processors.site",
            ],
        },
    }
]

# Database: SQLite file unless DATABASE_URL names PostgreSQL.
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    schemes=("postgres", "postgresql", "pgsql", "sqlite"),
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A connection pool per process: under ASGI, work runs in many threads and
    # opening a PostgreSQL connection for each piece of work costs milliseconds.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 2, "max_size": env_int("DATABASE_POOL_SIZE", 20, minimum=2)}
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file for the test database too, so a second process (Daphne in the
    # browser tests) sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and cache; in-memory when REDIS_URL is unset.
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
REDIS_PREFIX = env_str("REDIS_PREFIX", "flh")
# Connections of the cache's pool per process (each request may hold one briefly).
REDIS_CACHE_MAX_CONNECTIONS = 100
# The channel layer waits up to 5 s for each message (channels_redis' brpop_timeout).
REDIS_LAYER_SOCKET_TIMEOUT = 15
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "conference.channel_layer.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 caps a pool at 100 connections and fails beyond; a
                # burst of sockets joining groups at once needs more.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 1000, minimum=10),
                        # redis-py 8 reads with a 5 s timeout by default, the same
                        # time the layer blocks waiting for a message: a socket with
                        # nothing to receive for 5 s was torn down (channels_redis
                        # issue 422). Longer than the wait, still finite if Redis hangs.
                        "socket_timeout": REDIS_LAYER_SOCKET_TIMEOUT,
                    }
                ],
                "prefix": f"{REDIS_PREFIX}:ch",
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            # Redis' cache, carrying on (misses, dropped writes) while Redis is away.
            "BACKEND": "conference.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
            "OPTIONS": {
                "pool_class": "conference.redis_pool.SharedConnectionPool",
                # A blocking pool: under a rush, wait up to 10 s for a free connection.
                "max_connections": REDIS_CACHE_MAX_CONNECTIONS,
                "timeout": 10,
                "socket_connect_timeout": 2,
                "socket_timeout": 2,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Family Links Hub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Video: Jitsi Meet. Without credentials the rooms open without a token (try-out
# only: the public meet.jit.si ends embedded meetings after five minutes).
JITSI_DOMAIN = env_hostname("JITSI_DOMAIN", "meet.jit.si")
JITSI_APP_ID = env_str("JITSI_APP_ID")
JITSI_APP_SECRET = env_str("JITSI_APP_SECRET")
# 8x8 JaaS instead of our own Jitsi: RS256 tokens signed with the key 8x8 issued.
JITSI_JAAS_KEY_ID = env_str("JITSI_JAAS_KEY_ID")
JITSI_JAAS_PRIVATE_KEY_FILE = env_str("JITSI_JAAS_PRIVATE_KEY_FILE")
if JITSI_JAAS_KEY_ID or JITSI_JAAS_PRIVATE_KEY_FILE:
    if not (JITSI_APP_ID and JITSI_JAAS_KEY_ID and JITSI_JAAS_PRIVATE_KEY_FILE):
        raise ImproperlyConfigured(
            "JITSI_JAAS_KEY_ID and JITSI_JAAS_PRIVATE_KEY_FILE need each other and JITSI_APP_ID."
        )
    if JITSI_APP_SECRET:
        raise ImproperlyConfigured("JITSI_APP_SECRET is not used with JaaS; remove it.")
elif bool(JITSI_APP_ID) != bool(JITSI_APP_SECRET):
    raise ImproperlyConfigured("JITSI_APP_ID and JITSI_APP_SECRET must be set together.")
JITSI_TOKEN_AUDIENCE = env_str("JITSI_TOKEN_AUDIENCE", "jitsi")
JITSI_TOKEN_LIFETIME = env_int("JITSI_TOKEN_LIFETIME", 3 * 3600, minimum=60)
JITSI_ROOM_SECRET = env_str("JITSI_ROOM_SECRET", SECRET_KEY)
# Where the server asks Jitsi how it is: Jicofo's health check and Prosody's
# mod_muc_size. Inside docker-compose these are internal addresses.
JITSI_HEALTH_URL = env_url(
    "JITSI_HEALTH_URL", f"https://{JITSI_DOMAIN}/about/health", schemes=("http", "https")
)
JITSI_ROOM_SIZE_URL = env_url(
    "JITSI_ROOM_SIZE_URL", f"https://{JITSI_DOMAIN}/room-size", schemes=("http", "https")
)
# The XMPP base domain sent as domain= to /room-size; mod_muc_size adds its MUC
# prefix itself (room@muc.<domain>), so this is not the MUC component's address.
JITSI_XMPP_DOMAIN = env_hostname("JITSI_XMPP_DOMAIN", JITSI_DOMAIN)
JITSI_HTTP_TIMEOUT = env_float("JITSI_HTTP_TIMEOUT", 2.0, minimum=0.1)

# Accounts
AUTH_USER_MODEL = "conference.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Rate-limit address, landing page after sign-in, mails through the task queue.
ACCOUNT_ADAPTER = "conference.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "conference.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Family Links Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Family Links Hub"
# Anyone holding a staff role must set up two-factor authentication before a
# staff page opens. `make run` turns this off so every demo role can be tried.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", True)

# Programme: plenaries are scheduled in the secretariat's zone (ICRC, Geneva);
# families get a reminder this long before a session they enrolled in starts.
PLENARY_TIME_ZONE = env_time_zone("PLENARY_TIME_ZONE", "Europe/Zurich")
# The city named beside plenaries' local times ("Geneva" is translated; another
# name is shown as written).
PLENARY_CITY = env_str("PLENARY_CITY", "Geneva")
SESSION_REMINDER_MINUTES = env_int("SESSION_REMINDER_MINUTES", 60, minimum=5)

# Background tasks (conference/tasks.py): every e-mail and periodic job is a task
# in the database, run by `manage.py run_worker`. Same database as the site, so a
# task queued inside a transaction exists exactly when that transaction commits.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A failing task is tried this many times in all, waiting TASK_RETRY_SECONDS, then
# twice as long each time (30 s … 32 min: about an hour), then kept as failed.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 8, minimum=1)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 30, minimum=1)
# A worker not heard of for this long is taken as dead: its running task runs again.
TASK_WORKER_TIMEOUT_SECONDS = env_int("TASK_WORKER_TIMEOUT_SECONDS", 60, minimum=10)
# /healthz reports "degraded" when a task has waited longer than this.
TASK_QUEUE_STUCK_SECONDS = env_int("TASK_QUEUE_STUCK_SECONDS", 300, minimum=10)
# Finished tasks (and their errors) stay visible in the admin this long.
TASK_RESULT_DAYS = env_int("TASK_RESULT_DAYS", 14, minimum=1)
# An idle worker looks for new tasks this often.
TASK_POLL_SECONDS = env_float("TASK_POLL_SECONDS", 1.0, minimum=0.1)
# Periodic jobs: name -> task and how often, in seconds. Each worker's scheduler
# claims a due job's row (SKIP LOCKED) before queueing it, so two workers never
# queue the same run; each job is also safe to run twice.
TASK_SCHEDULE = {
    "session_reminders": {"task": "sessions_app.tasks.reminders_queue", "every": 60},
    "circle_presence_sweep": {"task": "sessions_app.tasks.presence_sweep", "every": 60},
    "registrations_purge": {"task": "hubs.tasks.registrations_purge", "every": 3600},
    "tasks_recover": {"task": "conference.tasks.tasks_recover", "every": 30},
    "task_results_forget": {"task": "conference.tasks.task_results_forget", "every": 3600},
    # The retention schedule below (conference/retention.py), every rule of the register.
    "retention_enforce": {"task": "conference.retention.retention_enforce", "every": 3600},
    # Hourly; each member's forum digest is queued once per day (a unique claim).
    "forum_digest": {"task": "support.forum.tasks.digest_queue", "every": 3600},
    # The end of forum silences and suspensions, in the moderation audit log.
    "forum_sanctions_expire": {"task": "support.forum.tasks.sanctions_expire", "every": 300},
}

# Retention schedule (conference/retention.py, the README's table): how long personal
# data is kept. Each is enforced by the "retention_enforce" job above.
RETENTION = {
    # Circle chat, video ids and who was in a circle: this long after the circle ends
    # (ending a circle deletes its chat at once; this catches circles nobody ended).
    "circle_data_days": env_int("RETENTION_CIRCLE_DATA_DAYS", 1, minimum=0),
    # Support signals and their conversations, after the signal is closed.
    "support_signal_days": env_int("RETENTION_SUPPORT_SIGNAL_DAYS", 90, minimum=1),
    # Registrations, after the edition ends (hubs.tasks.registrations_purge).
    "registration_days": env_int("RETENTION_REGISTRATION_DAYS", 90, minimum=1),
    # Forum posts held or refused by a moderator, after the decision (the forum's hook).
    "forum_decided_days": env_int("RETENTION_FORUM_DECIDED_DAYS", 30, minimum=1),
    # "My data" archives, after they are ready (the download link expires with them).
    "export_days": env_int("RETENTION_EXPORT_DAYS", 7, minimum=1),
    # Login records: the last sign-in time and ended sessions.
    "login_record_days": env_int("RETENTION_LOGIN_RECORD_DAYS", 30, minimum=1),
    # The audit log, the staff access log and the admin's change log.
    "audit_days": env_int("RETENTION_AUDIT_DAYS", 365, minimum=30),
}

# Languages: right-to-left for Arabic, Persian (and Dari), Urdu and Pashto.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    # Dari is served from the Persian catalogue (gettext falls back fa_AF -> fa)
    # with Dari-specific wording in locale/fa_AF where it differs.
    ("fa-af", "دری"),
    ("ur", "اردو"),
    ("ps", "پښتو"),
]
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur", "ps"]
# Django knows no Pashto or Dari: django-modeltranslation's admin asks for their
# names and direction (the interface itself gets them from LANGUAGES).
django.conf.locale.LANG_INFO.setdefault(
    "ps", {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"}
)
django.conf.locale.LANG_INFO.setdefault(
    "fa-af", {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"}
)
# Digits each language is written with, in dates, times and numbers (CLDR numbering
# systems; a language not listed uses Western digits). CLDR's defaults, except
# Arabic: CLDR's "ar" now defaults to Western digits, but the families the platform
# serves in Arabic (Syria, Iraq, Yemen, Sudan) read Arabic-Indic ones. Urdu keeps
# CLDR's Western digits, as Pakistan prints them.
LANGUAGE_DIGITS = {"fa": "arabext", "fa-af": "arabext", "ps": "arabext", "ar": "arab"}
# Languages whose readers see the Solar Hijri date beside the Gregorian one.
SOLAR_HIJRI_LANGUAGES = ("fa", "fa-af")
# Texts staff write for families (titles, descriptions, names) are kept in every
# language (django-modeltranslation: one column per language, registered in each
# app's translation.py). A missing translation falls back to English (Dari to
# Persian first, Persian to Dari), then to whatever language the staff wrote it
# in, so a Tehran organiser who writes only Persian is read by everyone; pages
# mark such text with its own `lang` (conference/content.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en", "fr", "ar", "fa", "fa-af", "ur", "ps"),
    "fa-af": ("fa",),
    "fa": ("fa-af",),
}
# Our catalogue, then our wording of allauth's and Django's account-page strings
# (locale_vendor/accounts.py), both before allauth's and Django's own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: vendored under static/, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# Security headers. The production values are the defaults when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions are read from the cache (Redis in production) and written through to the
# database: every page and every socket that opens looks its session up.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, f"https://{JITSI_DOMAIN}"],
        "frame-src": [f"https://{JITSI_DOMAIN}"],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features a page may use; a page that needs more (the check-in desk's camera,
# the circle's video frame) widens it for itself.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), display-capture=(), geolocation=(), payment=(), usb=()"
)

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default config gives "django" a console handler of its own (in DEBUG)
        # and lets it propagate to ours too: every request line of runserver was
        # printed twice. One handler, the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "httpx": {"level": "WARNING"},  # one line per request to Jitsi is noise
    },
}

SITE_NAME = _("Family Links Hub")

# ----------------------------------------------------------------- Library (support/library)
# Country names in every language for the support-services directory.
INSTALLED_APPS += ["django_countries"]
# Largest file accepted per kind of library resource, in megabytes. The type of a
# file is decided by its content (support/library/uploads.py), never by its name.
LIBRARY_MAX_UPLOAD_MB = {
    "audio": env_int("LIBRARY_MAX_AUDIO_MB", 25, minimum=1),
    "video": env_int("LIBRARY_MAX_VIDEO_MB", 100, minimum=1),
    "pdf": env_int("LIBRARY_MAX_PDF_MB", 10, minimum=1),
}

# ----------------------------------------------------------------- Forum (support/forum)
# A member may change their own post for this long after writing it.
FORUM_EDIT_MINUTES = env_int("FORUM_EDIT_MINUTES", 30, minimum=0)
# Raise it when the guidelines change: every member accepts the new version before
# their next post.
FORUM_GUIDELINES_VERSION = env_int("FORUM_GUIDELINES_VERSION", 1, minimum=1)
# Posts on a page of a thread, threads on a page of a category.
FORUM_POSTS_PER_PAGE = env_int("FORUM_POSTS_PER_PAGE", 20, minimum=5)
FORUM_THREADS_PER_PAGE = env_int("FORUM_THREADS_PER_PAGE", 25, minimum=5)
# Forum screening (support/forum/screening): domains links in posts may point to
# without holding the post for review (subdomains included). The national
# societies' sites in the support directory are added by
# support.forum.allowlist.link_allowlist().
FORUM_LINK_ALLOWLIST = env_list(
    "FORUM_LINK_ALLOWLIST", ["icrc.org", "familylinks.icrc.org", "tracetheface.org", "ifrc.org"]
)
# Moderation (support/forum/moderation.py): a member's first posts wait for a
# moderator; after this many approved posts they publish directly (screening still
# applies). 0 turns pre-moderation off.
FORUM_PREMODERATE_POSTS = env_int("FORUM_PREMODERATE_POSTS", 2, minimum=0)
# Flags from this many different members hide a post until a moderator decides.
FORUM_FLAGS_TO_HIDE = env_int("FORUM_FLAGS_TO_HIDE", 3, minimum=1)
# Flood control: posts an hour for members still pre-moderated, and how long the
# same text from the same member is refused as a repeat.
FORUM_NEW_MEMBER_POSTS_PER_HOUR = env_int("FORUM_NEW_MEMBER_POSTS_PER_HOUR", 5, minimum=1)
FORUM_DUPLICATE_MINUTES = env_int("FORUM_DUPLICATE_MINUTES", 10, minimum=0)
# ----------------------------------------------------------------- Scale and faults (issue 15)
# WebSocket handshakes in progress at once per process; one more is accepted and closed
# with 4429 ("come back in a moment"), and the page retries after a random delay.
LIVE_MAX_HANDSHAKES = env_int("LIVE_MAX_HANDSHAKES", 64, minimum=1)
# A circle hears who is present once per this many seconds per process, however many
# pages arrive or leave meanwhile (each page gets the list itself on connecting);
# the longer figure while the process is busy with handshakes (a reconnect storm).
LIVE_PRESENCE_SECONDS = env_float("LIVE_PRESENCE_SECONDS", 1.0, minimum=0)
LIVE_PRESENCE_BUSY_SECONDS = env_float("LIVE_PRESENCE_BUSY_SECONDS", 5.0, minimum=0)
# HTTP requests answered at once per process; beyond, and when no database connection
# is free, a translated "please try again in a moment" page (503, Retry-After). A burst
# of a few hundred (tests/test_registration_rush.py: 200 at once) waits in line instead.
HTTP_MAX_IN_FLIGHT = env_int("HTTP_MAX_IN_FLIGHT", 500, minimum=1)
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 5, minimum=1)
# Seconds a request waits for a pooled database connection before that answer
# (psycopg-pool's default, 30 s, looked like a hang).
DATABASE_POOL_TIMEOUT = env_float("DATABASE_POOL_TIMEOUT", 10.0, minimum=0.1)
if "pool" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["OPTIONS"]["pool"]["timeout"] = DATABASE_POOL_TIMEOUT
    # A connection the database server dropped (a restart) is found out and replaced
    # when taken from the pool (psycopg-pool's check), not handed to a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# /metrics (Prometheus): open to the networks listed here, and to anyone sending
# "Authorization: Bearer <METRICS_TOKEN>" when a token is set.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_NETWORKS = env_list("METRICS_NETWORKS", ["127.0.0.0/8", "::1/128"])
