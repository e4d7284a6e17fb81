"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.admin_site.PortalAdminConfig",  # django.contrib.admin with a cached navigation
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_fsm",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    "core",
    "organisations",
    "schemes",
    "applications",
    "payments",
    "reporting",
    "demo",
    "portal",
    "opendata",
    "casework",
]

MIDDLEWARE = [
    "core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "core.middleware.QueryNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionExpiryNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "organisations.middleware.ProviderSessionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imdi_portal.urls"
WSGI_APPLICATION = "imdi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The admin lists join six to nine tables (select_related); PostgreSQL spent 12–25 ms planning
    # the join order of each page's main query against about 1 ms running it (EXPLAIN ANALYZE on
    # ten years of cases). Joins are reordered within groups of this many (PostgreSQL's default: 8);
    # the ORM writes them along the foreign keys from the listed table, which is the good order.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c join_collapse_limit={env.int('DB_JOIN_COLLAPSE_LIMIT', default=4)}"
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: seconds a connection is kept open between requests (0: a new one per
# request, the default outside production), checked before reuse so a restarted database costs
# one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect sign-in (organisations.oidc): each answers only on its own callback URL.
    "organisations.oidc.IdPortenBackend",
    "organisations.oidc.EntraBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout page says when the lock lifts (portal.lockout).
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# The lockout counts per client address; behind the TLS proxy that is read from the header the
# proxies write (core.client_address). TRUSTED_PROXY_COUNT: how many proxies in front of
# gunicorn append to X-Forwarded-For (0: none, use the direct address).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip_address"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"

# Signed out after SESSION_IDLE_MINUTES without a request (each request starts the clock again).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SAMESITE = "Lax"
# A cookie that outlives the session says "you were signed in here": when it comes back without a
# session, the login page says the session expired (portal.middleware).
SESSION_EXPIRED_NOTICE_COOKIE = "imdi_signed_in"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 60 * 60)

# IMDi staff (the IMDi groups and superusers) act in no IMDi role until they have verified a
# second factor (django-otp: TOTP or a recovery code) in this session (organisations.roles).
# Off only in dev/test settings, where the demo and the suite sign in with a password.
IMDI_REQUIRE_SECOND_FACTOR = env.bool("IMDI_REQUIRE_SECOND_FACTOR", default=True)
# Enhetsregisteret's open API (organisations.enhetsregisteret): base URL and timeout in seconds.
ENHETSREGISTERET_URL = env("ENHETSREGISTERET_URL", default="https://data.brreg.no/enhetsregisteret/api")
ENHETSREGISTERET_TIMEOUT = env.float("ENHETSREGISTERET_TIMEOUT", default=3.0)
# OpenID Connect (organisations.oidc, mozilla-django-oidc). A provider is on when its issuer and
# client id are set; its endpoints come from the issuer's discovery document.
# ID-porten for municipal users: the test environment is IDPORTEN_ISSUER=https://test.idporten.no.
IDPORTEN_ISSUER = env("IDPORTEN_ISSUER", default="")
IDPORTEN_CLIENT_ID = env("IDPORTEN_CLIENT_ID", default="")
IDPORTEN_CLIENT_SECRET = env("IDPORTEN_CLIENT_SECRET", default="")
IDPORTEN_ACR_REQUESTED = "idporten-loa-substantial"
# The levels the portal lets in (anything else, e.g. idporten-loa-low, is refused).
IDPORTEN_ACR_ACCEPTED = ["idporten-loa-substantial", "idporten-loa-high"]
# Entra ID for IMDi staff: ENTRA_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0.
ENTRA_ISSUER = env("ENTRA_ISSUER", default="")
ENTRA_CLIENT_ID = env("ENTRA_CLIENT_ID", default="")
ENTRA_CLIENT_SECRET = env("ENTRA_CLIENT_SECRET", default="")
# Entra group object id -> IMDi role (officer, budget_holder, finance), e.g.
# ENTRA_GROUP_ROLES="2f1c...=officer,9a7e...=budget_holder".
ENTRA_GROUP_ROLES = env.dict("ENTRA_GROUP_ROLES", default={})
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=5.0)
# The offline demo's stand-in for ID-porten (organisations.dev_idporten): `run_portal` starts it on
# 127.0.0.1 when this is on and no IDPORTEN_ISSUER is set. Only settings/dev.py turns it on.
DEV_IDPORTEN = False
DEV_IDPORTEN_PORT = env.int("DEV_IDPORTEN_PORT", default=0)  # 0: a free port
OTP_TOTP_ISSUER = "IMDi tilskuddsportal"
OTP_STATIC_RECOVERY_CODES = 10
# The admin never shows a device's secret or QR code: no one, superusers included, can copy a
# colleague's second factor (django-otp's config and QR code pages answer 403).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A username is recorded cut to the column's 255 characters: a longer one is an ordinary failure.
AXES_USERNAME_CALLABLE = "core.login.axes_username"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Off: ids and years (2024) must never render as "2 024". Money is formatted by the `nok`
# filter (core.money.format_nok), which groups thousands itself.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Attachments and letters are private: never served from MEDIA_URL, only through
# permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Where attachments, letters, receipts and payment files are kept: STORAGE_BACKEND=filesystem
# (MEDIA_ROOT, the embedded default) or s3 (any S3-compatible service through django-storages;
# see core/storage.py). Either way the files are private and reach users only through the
# portal's permission-checked views: no bucket URL, signed or not, is ever handed out.
STORAGE_BACKEND = env("STORAGE_BACKEND", default="filesystem").strip().lower()


def _default_storage():
    from core.storage import default_storage_settings

    return default_storage_settings(STORAGE_BACKEND, env)


DEFAULT_FILE_STORAGE_SETTINGS = _default_storage()
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_SETTINGS,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# EMAIL_URL: smtp+tls://user:pass@host:587, consolemail://, or filemail:///absolute/path.
# Unset: e-mail is written as files under var/mail (the embedded default).
if env("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
    if EMAIL_CONFIG.get("EMAIL_FILE_PATH") and not EMAIL_CONFIG["EMAIL_FILE_PATH"].startswith("/"):
        EMAIL_CONFIG["EMAIL_FILE_PATH"] = "/" + EMAIL_CONFIG["EMAIL_FILE_PATH"]
    vars().update(EMAIL_CONFIG)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IMDi tilskuddsportal <tilskudd@imdi.no>")
# The portal's public address: every link in an e-mail is built from it (notices are written by
# tasks and sweeps, which have no request). Set it to the address users reach the portal at.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport: a broker that needs no server, for the embedded default.
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (OOM, a deploy) puts the message back instead of acknowledging it:
# with acks_late the task runs again, and every task is safe to run twice (unique keys, jobs
# that skip what is done). Tests: tests/jobs/test_resume.py.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Three queues, so a slow run of documents never holds up mail and a sweep never waits behind
# either: every task is routed by name (tests/ops/test_task_queues.py checks none is missed);
# the workers of `make run` and docker-compose.yml listen to them. An unrouted task would land
# on `documents`.
CELERY_QUEUE_NAMES = ("mail", "documents", "sweeps")
CELERY_TASK_DEFAULT_QUEUE = "documents"
CELERY_TASK_ROUTES = {
    name: {"queue": queue}
    for queue, names in {
        "mail": (
            "core.tasks.notification_deliver",
            "applications.tasks.application_receipt_send",
            "applications.tasks.decision_letter_send",
            "applications.tasks.grant_letter_notify",
            "applications.tasks.grant_deadline_extended_notify",
            "reporting.tasks.report_reminder_deliver",
            "reporting.tasks.report_returned_notify",
        ),
        "documents": (
            "applications.tasks.grant_letters_send_job",
            "core.tasks.job_run",
            "core.tasks.document_render",
        ),
        "sweeps": (
            "applications.tasks.acceptance_sweep",
            "reporting.tasks.report_reminders_sweep",
            "payments.tasks.payments_due_sweep",
            "opendata.tasks.giving360_publish",
            "applications.tasks.information_reminders_sweep",
            "core.tasks.notification_digest_sweep",
            "core.tasks.document_render_sweep",
        ),
    }.items()
    for name in names
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The debtor account in pain.001 payment files (IMDi's own account).
IMDI_DEBTOR_NAME = env("IMDI_DEBTOR_NAME", default="Integrerings- og mangfoldsdirektoratet")
IMDI_DEBTOR_ORGNR = env("IMDI_DEBTOR_ORGNR", default="974829789")
IMDI_DEBTOR_ACCOUNT = env("IMDI_DEBTOR_ACCOUNT", default="76940512057")
IMDI_DEBTOR_BIC = env("IMDI_DEBTOR_BIC", default="DNBANOKKXXX")

# Open data (opendata): the 360Giving grant-identifier prefix (360G- and the publisher's short
# name; to be replaced by the one 360Giving registers for IMDi), IMDi's organisation number as
# funder (Brønnøysundregistrene: 987 879 696), and the public API's limit per client address
# (requests, seconds).
OPENDATA_360G_PREFIX = env("OPENDATA_360G_PREFIX", default="360G-imdi")
IMDI_ORG_NUMBER = env("IMDI_ORG_NUMBER", default="987879696")
OPENDATA_API_RATE = (env.int("OPENDATA_API_RATE_LIMIT", default=120), env.int("OPENDATA_API_RATE_WINDOW", default=60))

DEMO_PASSWORD = env("DEMO_PASSWORD", default="imdi-demo-2024")
# bench/pages.py's ceiling: a bare signed-in view at /bench/tak/ (imdi_portal.urls). Off by default.
BENCH_CEILING_VIEW = env.bool("BENCH_CEILING_VIEW", default=False)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SILENCED_SYSTEM_CHECKS = []

# LOG_FORMAT=json: one JSON object per line (core.logging.JsonFormatter), for the log
# collector; text: plain lines for a terminal. Each request writes one line on the logger
# "portal.request", each Celery task one on "portal.task" (core.logging).
LOG_FORMAT = env("LOG_FORMAT", default="text").lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The request log (core.logging.RequestLogMiddleware) replaces Django's own request lines.
        "django.server": {"level": "WARNING"},
    },
}
# Error tracking, optional: with SENTRY_DSN set and sentry-sdk installed (it is not in the
# lock; add it to the image if you use it), errors and traces go there (core.logging).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.logging import error_tracking_init

    error_tracking_init(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", default=""))
# The request log's case number: which URLs point into a case, by "namespace:url_name" or
# namespace → (model, URL kwarg holding its id, path from it to the case number).
LOG_CASE_URLS = {
    "applications": ("applications.Application", "pk", "case_number"),
    "grants": ("applications.Grant", "pk", "case_number"),
    "decisions": ("applications.Decision", "pk", "application__case_number"),
    "reporting": ("reporting.ReportObligation", "pk", "grant__case_number"),
    "payments:grant": ("applications.Grant", "grant_pk", "case_number"),
    "payments:reaction_create": ("applications.Grant", "grant_pk", "case_number"),
}
if LOG_FORMAT not in LOGGING["formatters"]:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
