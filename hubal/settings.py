"""Settings for the Hubal Jabar portal, read from the environment with django-environ.

With no `.env` and no server the embedded defaults apply: SQLite in the project folder, DEBUG on,
console e-mail and a local media folder. Production sets DJANGO_DEBUG=False and must then provide
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (a missing one stops start-up with a clear message).
"""

from datetime import timedelta
from email.utils import getaddresses
from importlib.util import find_spec
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from api import config as api_config
from operations.logging_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _required(name: str, cast=str, *, when: str = "DJANGO_DEBUG=False"):
    """Production settings without a default: fail loudly with the variable's name."""
    try:
        return env.list(name) if cast is list else env.str(name)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"{name} wajib diisi ketika {when} ({name} is required then).") from None


if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-hubal-jabar-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = _required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = _required("DJANGO_ALLOWED_HOSTS", list)

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram lookups (search, similar partners) on PostgreSQL; inert on SQLite
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Not "rest_framework": as an installed app its Indonesian catalogue would override Django's own form messages
    # everywhere ("Bidang ini harus diisi."); the API writes its own Indonesian messages (api/errors.py).
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "agencies",
    "reports",
    "accounts",
    "api",
    "operations",
]

MIDDLEWARE = [
    # Request id first (every log line of the request carries it), then the probes, answered before anything else.
    "operations.middleware.RequestIdMiddleware",
    "operations.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hubal.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hubal.urls"
WSGI_APPLICATION = "hubal.wsgi.application"

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
                "agencies.context_processors.role",
                "agencies.context_processors.inbox",
            ],
            # {% field_row %}: the portal's field markup, and {% page_header %}: the header of every page, both
            # rendered in Python (hubal/form_renderer.py, agencies/page_header.py).
            "builtins": ["hubal.form_renderer", "agencies.page_header"],
        },
    },
]
# Django's renderer with the select/option/input widget templates rendered in Python, same output (a form
# with hundreds of options spent more time in widget templates than in the rest of its page).
FORM_RENDERER = "hubal.form_renderer.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one request writes; IMMEDIATE avoids "database is locked"
    # surprises when a read transaction later wants to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # PostgreSQL through psycopg 3 (Django picks it over psycopg2 when installed). Persistent connections rather
    # than psycopg's pool: gunicorn's sync workers serve one request at a time per process, so a pool inside each
    # process would hold the one connection it already keeps, plus a pool thread; a pool pays off only with
    # threaded or async workers. Health checks drop a connection the server closed (restart, failover) before a
    # request uses it. Many app servers: put PgBouncer in front rather than raising max_connections.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT off: our report queries are short, and it made the LAKIP page's slowest query 4x slower at scale 10
    # (240 ms of JIT on a 90 ms query; province LAKIP figures 1.7 s with JIT, 0.7 s without, bench/bench_lakip.py).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = f"{_pg_options.get('options', '')} -c jit=off".strip()
    # Prepared statements: a query is planned once per connection, at its second run (docs/operations.md; behind
    # PgBouncer in transaction mode: 1.21 or newer with max_prepared_statements).
    if env.bool("HUBAL_DB_PREPARED_STATEMENTS", default=True):
        _pg_options.update(server_side_binding=True, prepare_threshold=2)
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",  # the user and their office in one query
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
# Only Indonesian: an English browser must not switch month names or messages.
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Stored files (evidence, manual realisation proofs, import stashes): the local folder MEDIA_ROOT by default,
# an S3-compatible bucket (AWS, MinIO, Ceph …) in production with several app servers (docs/operations.md).
HUBAL_STORAGE_BACKEND = env.str("HUBAL_STORAGE_BACKEND", default="local")
if HUBAL_STORAGE_BACKEND not in ("local", "s3"):
    raise ImproperlyConfigured("HUBAL_STORAGE_BACKEND harus 'local' atau 's3'.")
if HUBAL_STORAGE_BACKEND == "s3":
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default=None)
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _required("AWS_STORAGE_BUCKET_NAME", when="HUBAL_STORAGE_BACKEND=s3"),
            "endpoint_url": _s3_endpoint,
            # Empty keys: boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "location": env.str("AWS_LOCATION", default=""),
            # Path-style URLs for on-premises servers (MinIO, Ceph) reached by address.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else None),
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket stays private; files leave only through the portal's views
            "querystring_auth": True,
            # Never overwrite: a name in use gets a new one, as on the file system (the import stash's claim).
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files are private: they are only served through a permission-checked view,
# so MEDIA_URL is never routed.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-not-served/"

EVIDENCE_MAX_BYTES = env.int("HUBAL_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)

# Incremental sync (/api/v1/changes/, docs/dev/api-sync.md): the feed serves changes older than this many
# seconds only, so that a row stamped before a client's read but committed after it is never skipped. It must
# exceed the longest write transaction of a web request and the clock differences between app servers.
HUBAL_SYNC_LAG_SECONDS = env.int("HUBAL_SYNC_LAG_SECONDS", default=120)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Hubal Jabar <noreply@jabar.bawaslu.go.id>")

# Sessions expire after an hour without activity. hubal.middleware renews the expiry at most every
# SESSION_REFRESH_SECONDS (not on every request, which would write to the database on every page view).
SESSION_IDLE_SECONDS = env.int("DJANGO_SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_REFRESH_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    if env.bool("DJANGO_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: everything from our own origin, no inline script at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in throttling (docs/dev/signin.md). django-axes locks a username+address pair after five failures
# for 15 minutes; accounts.throttling adds a limit per account across all addresses (20 failures in a rolling
# hour, well under OWASP ASVS 2.2.1's 100 per hour). Both limits end by themselves (cool-off), and the account
# limit does not apply from an address where the account signed in successfully before.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout neither extend it nor count towards the account limit.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# One row per failure: the account limit counts them in a rolling window, shared by every app server.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Never store what was typed in the code step (a mistyped recovery code is nearly a valid one).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "recovery"]
AXES_HANDLER = "accounts.throttling.HubalAxesHandler"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLED = env.bool("HUBAL_AXES_ENABLED", default=True)
# Behind nginx every request comes from 127.0.0.1: the client's address is nginx's X-Real-IP, which nginx sets
# itself (a client cannot inject it, unlike an X-Forwarded-For chain). Only nginx may reach gunicorn then.
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
HUBAL_LOGIN_ACCOUNT_WINDOW = timedelta(hours=1)
HUBAL_LOGIN_TRUSTED_ADDRESS_DAYS = 30

# Two-step sign-in (django-otp, TOTP + one-time recovery codes). Roles that must use it: verifier, leader
# and admin (superusers); staff may enrol voluntarily. Empty turns enforcement off (e.g. a local demo).
HUBAL_MFA_ROLES = ("staff", "verifier", "leader", "admin")
HUBAL_MFA_REQUIRED_ROLES = [
    role for role in env.list("HUBAL_MFA_REQUIRED_ROLES", default=["verifier", "leader", "admin"]) if role
]
if set(HUBAL_MFA_REQUIRED_ROLES) - set(HUBAL_MFA_ROLES):
    raise ImproperlyConfigured(f"HUBAL_MFA_REQUIRED_ROLES hanya boleh berisi {', '.join(HUBAL_MFA_ROLES)}.")
HUBAL_MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Hubal Jabar"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password reset links expire after two hours; invitations to set a first password after seven days.
PASSWORD_RESET_TIMEOUT = env.int("HUBAL_PASSWORD_RESET_SECONDS", default=2 * 60 * 60)
HUBAL_INVITATION_DAYS = env.int("HUBAL_INVITATION_DAYS", default=7)
# Account e-mails leave in a background thread in production, so that the reset page answers in the same
# time whether or not the address has an account (see accounts/mailing.py).
HUBAL_ACCOUNT_MAIL_IN_BACKGROUND = env.bool("HUBAL_ACCOUNT_MAIL_IN_BACKGROUND", default=not DEBUG)

# Absolute links in e-mails sent outside a request (reminder command).
HUBAL_SITE_URL = env.str("HUBAL_SITE_URL", default="http://127.0.0.1:8000")

# Agreements ending within this many days are "akan berakhir" (expiring soon).
HUBAL_EXPIRING_DAYS = 90

# The integration API (/api/v1/, docs/dev/api.md); its REST framework and schema settings are in api/config.py.
REST_FRAMEWORK = api_config.rest_framework(throttle_rate=env.str("HUBAL_API_THROTTLE_RATE", default="240/min"))
SPECTACULAR_SETTINGS = api_config.SPECTACULAR_SETTINGS
HUBAL_API_PAGE_SIZE = 100
HUBAL_API_MAX_PAGE_SIZE = 500
# JSON bodies above this size are refused with 413 (an evidence upload may carry one file up to
# EVIDENCE_MAX_BYTES plus its form fields).
HUBAL_API_MAX_BODY_BYTES = env.int("HUBAL_API_MAX_BODY_BYTES", default=256 * 1024)
# last_used_at of a token is written at most once per this many seconds.
HUBAL_API_TOKEN_TOUCH_SECONDS = 60
HUBAL_API_TOKEN_DEFAULT_DAYS = 365

# Shared cache: local memory by default (one process); in production with several workers or servers a Redis
# URL (CACHE_URL=redis://127.0.0.1:6379/1), so that rate limits (accounts.ratelimit) and cached figures are
# shared. Django's own Redis backend, whatever else is installed, keeping one client per server (hubal/cache.py).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["LOCATION"] and str(CACHES["default"]["LOCATION"]).startswith(("redis", "unix")):
    CACHES["default"]["BACKEND"] = "hubal.cache.RedisCache"
CACHES["default"].setdefault("KEY_PREFIX", env.str("HUBAL_CACHE_KEY_PREFIX", default="hubal"))
# Sessions: with a shared cache, read from it and written through to the database (the session table stays the
# record: the "Sesi aktif" page and signing out other sessions read and delete it, accounts/sessions.py also
# deletes the cached copies). Every signed-in request reads its session, so this saves a database query on
# each. Local memory is per process: there, the database alone, so that an ended session ends in every worker.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "hubal.cache.RedisCache"
    else "django.contrib.sessions.backends.db"
)
# The signed-in user from that shared cache, not a query per request (accounts/user_cache.py); off per process.
HUBAL_USER_CACHE_SECONDS = 5 * 60 if SESSION_ENGINE.endswith("cached_db") else 0

# Logs: plain text by default; one JSON object per line with the request id in production
# (HUBAL_LOG_FORMAT=json, operations.logs). Errors of requests go by e-mail to ADMINS
# (DJANGO_ADMINS="Name <a@b>,Other <c@d>") and, if sentry-sdk is installed and SENTRY_DSN set, to Sentry.
HUBAL_LOG_FORMAT = env.str("HUBAL_LOG_FORMAT", default="text")
ADMINS = [getaddresses([entry])[0] for entry in env.list("DJANGO_ADMINS", default=[])]
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Background jobs (docs/dev/jobs.md): django-tasks, the backport of Django 6's Tasks framework.
# "immediate" (the embedded default) runs every task in-process when it is enqueued (on commit), so nothing else
# has to run; "database" stores tasks in a table that `manage.py db_worker` processes (several workers may run:
# each claims a row with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL).
HUBAL_TASKS_BACKEND = env.str("HUBAL_TASKS_BACKEND", default="immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if HUBAL_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"HUBAL_TASKS_BACKEND harus salah satu dari: {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[HUBAL_TASKS_BACKEND], "QUEUES": ["default"]}}
# A list export with more rows than this (xlsx) becomes a background job with a status page; so does the province
# LAKIP workbook, always. A job whose worker stopped sending progress for HUBAL_JOB_STALE_SECONDS is retried
# (at most HUBAL_JOB_MAX_ATTEMPTS runs); finished files are kept HUBAL_JOB_KEEP_DAYS days.
HUBAL_EXPORT_JOB_ROWS = env.int("HUBAL_EXPORT_JOB_ROWS", default=5000)
HUBAL_JOB_STALE_SECONDS = env.int("HUBAL_JOB_STALE_SECONDS", default=300)
HUBAL_JOB_MAX_ATTEMPTS = 3
HUBAL_JOB_KEEP_DAYS = env.int("HUBAL_JOB_KEEP_DAYS", default=7)

# Report figures cached by data version (docs/dev/figure-cache.md): the ranking, LAKIP, IKP and coverage
# selectors' results live in the default cache under a key holding the data version, which every
# figure-changing write bumps; the timeout only bounds memory, never freshness.
HUBAL_FIGURE_CACHE_SECONDS = env.int("HUBAL_FIGURE_CACHE_SECONDS", default=6 * 60 * 60)
LOGGING = logging_config(log_format=HUBAL_LOG_FORMAT, level=env.str("DJANGO_LOG_LEVEL", default="WARNING"))
# Backups (manage.py backup, docs/operations.md): where the sets go and how many stay.
HUBAL_BACKUP_DIR = env.path("HUBAL_BACKUP_DIR", default=BASE_DIR / "backups")
HUBAL_BACKUP_KEEP = env.int("HUBAL_BACKUP_KEEP", default=14)

# /readyz reports the task queue as failing when a runnable task has waited longer than this.
HUBAL_READYZ_TASK_WAIT_MINUTES = env.int("HUBAL_READYZ_TASK_WAIT_MINUTES", default=15)
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN and find_spec("sentry_sdk"):
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, environment=env.str("SENTRY_ENVIRONMENT", default=None))
