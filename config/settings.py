"""KIDAS Triage settings. Everything that differs between machines comes from the environment,
with defaults that work on a developer's machine with local PostgreSQL and Redis."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from kidas.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "kidas-local-development-key-not-for-production")
# Django's test client's host ("testserver") is added by the test run itself (setup_test_environment).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "pgtrigger",
    # The plumbing (kidas/apps.py): no models; its start-up keeps migrations fast (kidas/fsm.py).
    "kidas",
    "accounts",
    "providers",
    "people",
    "marac",
    "referrals",
    "casework",
    "accommodation",
    "waiting",
    "monitoring",
    "django.contrib.postgres",
    "intake",
    "django_ratelimit",
    "sla",
    # Sign-in hardening (accounts/two_factor.py, accounts/middleware.py): two-factor devices,
    # lockout after repeated failures, the Content Security Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "pghistory",
    "audit",
    "reports",
    # Demand and capacity: posts and populations, the gauges per MARAC and quarter, the MARAC dataset.
    "capacity",
    # Demo and developer tools (load_demo_data, demo_logins, seed_referrals, bench_session): above every
    # product app, which never imports it. Its commands need the `demo` extra (Faker) only to make data.
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kidas.limits.body_size_limit",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorDeviceMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Each page's and API endpoint's role check, from the one map the menu is built from (config.permissions).
    "config.permissions.PermissionMapMiddleware",
    # Attaches the user and client address to every change the history triggers capture.
    "access_trail.middleware.AuditContextMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "sla.context_processors.notifications",
                "config.permissions.menu",
            ],
            # Filters every template may use without {% load %}: the dates every page writes (kidas/formats.py).
            "builtins": ["kidas.formats", "kidas.form_markup"],
        },
    },
]

# One transaction per request: a request either saves everything it set out to, or nothing.
DATABASES = {
    "default": {
        **dj_database_url.parse(
            env_str("DATABASE_URL", "postgres:///kidas"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
            conn_health_checks=True,
        ),
        # Django's PostgreSQL backend with every statement prepared per shape, a cheaper check of a kept
        # connection, no JIT and no parallel workers (kidas/db/postgresql).
        "ENGINE": "kidas.db.postgresql",
        "ATOMIC_REQUESTS": True,
        "TEST": {"NAME": env_str("TEST_DATABASE_NAME", "test_kidas")},
    }
}
# An optional PostgreSQL replica for the reports' and the dashboard's reads (kidas/db/replica.py): read
# only, so no transaction per request there. Without it every read and write uses "default".
READ_REPLICA: str | None = None
if replica_url := env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **dj_database_url.parse(replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True),
        "ENGINE": "kidas.db.postgresql",
        "TEST": {"MIRROR": "default"},
    }
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["kidas.db.replica.ReplicaRouter"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackendWithDevices",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SAMESITE = "Lax"
# Signed out after this long without a request (accounts.middleware.IdleTimeoutMiddleware). The
# activity stamp is refreshed at most once a SESSION_ACTIVITY_REFRESH_SECONDS, so a busy page does
# not write its session on every request (no SESSION_SAVE_EVERY_REQUEST). The stored session outlives
# the idle limit by a little, so the middleware, which says why, is what signs people out.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ACTIVITY_REFRESH_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 2 * SESSION_ACTIVITY_REFRESH_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor sign-in (django-otp): every signed-in request needs a session verified with a code,
# except these paths (prefixes): sign-in itself, the public self-referral pages, static files, and
# the APIs that check their own credentials (token exchange: password and code; partner API: key).
TWO_FACTOR_EXEMPT_PATHS = [
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/static/",
    "/get-help/",
    "/api/v1/auth/token/",
    "/api/v1/partner-referrals/",
]
OTP_TOTP_ISSUER = "KIDAS Triage"
RECOVERY_CODE_COUNT = 10

# Lockout (django-axes): this many failed sign-ins (password or two-factor code) from one address
# for one username lock that pair for AXES_COOLOFF_TIME. An administrator unlocks in the admin
# (Axes > Access attempts: delete the row) or with `manage.py axes_reset_username USERNAME`.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False  # cleared when the two-factor step succeeds (accounts.views)
AXES_VERBOSE = False  # failures and lockouts are still logged as warnings
AXES_SENSITIVE_PARAMETERS = ["password", "otp_code", "code"]
# The client address as the rate limits read it (RATELIMIT_IP_META_KEY, below).
AXES_IPWARE_META_PRECEDENCE_ORDER = (env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR"),)

# Security headers. Production (config/settings_production.py) adds HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: scripts and styles come from our own static files.
# The API docs page relaxes styles and images for Swagger UI (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kidas-triage@localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.permissions.FollowsPermissionMap"],
    "DEFAULT_PAGINATION_CLASS": "kidas.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kidas.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["kidas.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "KIDAS Triage API",
    "DESCRIPTION": (
        "Referral, risk assessment and routing for domestic abuse services. "
        "Every list is scoped to what the signed-in user may see; a record outside that scope answers 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "kidas.schema.document_common_errors"],
    "ENUM_NAME_OVERRIDES": {
        "ClosureReasonEnum": "casework.models.ClosureReason",
        "RiskLevelEnum": "referrals.risk.RiskLevel",
        "ReferralStateEnum": "referrals.states.State",
        "MaracReasonEnum": "referrals.risk.MaracReason",
        "PartnerStatusEnum": "intake.status.PartnerStatus",
        "SlaStageEnum": "sla.stages.Stage",
        "PerpetratorRelationshipEnum": "referrals.models.Relationship",
        "ChildRelationshipEnum": "referrals.models.ChildRelationship",
        "LivesInHouseholdEnum": "referrals.models.LivesInHousehold",
        "SanctuaryStateEnum": "accommodation.sanctuary.models.SanctuaryState",
        "SanctuaryAnswerEnum": "accommodation.sanctuary.models.Answer",
        "YesNoPreferNotToSayEnum": "monitoring.categories.YES_NO_CHOICES",
        "SourceEnum": "referrals.models.Source",
        "ChildReferralSourceEnum": "accommodation.children_service_models.ChildReferralSource",
        "ChildSessionKindEnum": "accommodation.children_service_models.SessionKind",
    },
}

# Celery: Redis is the broker only. Anything that must happen later is a row in PostgreSQL.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A request must never hang or fail because the broker is away: publish once, quickly, then give up.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sla-sweep": {"task": "sla.sweep", "schedule": 60.0, "options": {"expires": 55}},
    "retention-sweep": {"task": "audit.retention_sweep", "schedule": 3600.0, "options": {"expires": 3000}},
    # Imports the broker lost, or whose worker died, are sent again (reports.tasks).
    "reports-sweep-imports": {"task": "reports.sweep_imports", "schedule": 60.0, "options": {"expires": 55}},
    # Past months' county-wide figures, recomputed when triggers mark them dirty (reports.summary).
    "reports-summarise-months": {"task": "reports.summarise_months", "schedule": 300.0, "options": {"expires": 290}},
    # Figures asked for in the last hour (returns, MARAC datasets and figures, breaches summaries), counted again
    # before they go stale (kidas.stored_figures).
    "refresh-stored-figures": {"task": "kidas.refresh_stored_figures", "schedule": 60.0, "options": {"expires": 55}},
    # The children's service's 12-week clocks (accommodation.children_service): reminders at week 10 and 12.
    "children-service-sweep": {"task": "accommodation.children_sweep", "schedule": 300.0, "options": {"expires": 290}},
}

# Service levels (sla app): the due-soon reminder goes this long before a deadline; an overdue
# clock escalates to managers this long after it. The allowances themselves are data (sla.Policy).
SLA_DUE_SOON_HOURS = env_int("SLA_DUE_SOON_HOURS", 2)
SLA_ESCALATION_GRACE_HOURS = env_int("SLA_ESCALATION_GRACE_HOURS", 4)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")

# Risk identification thresholds (domain.md defaults). Each assessment stores the values it used.
RISK_HIGH_MIN_YES = env_int("RISK_HIGH_MIN_YES", 14)
RISK_MEDIUM_MIN_YES = env_int("RISK_MEDIUM_MIN_YES", 10)
RISK_ESCALATION_MIN_CALLOUTS = env_int("RISK_ESCALATION_MIN_CALLOUTS", 3)
RISK_ESCALATION_WINDOW_MONTHS = env_int("RISK_ESCALATION_WINDOW_MONTHS", 12)
REPEAT_WINDOW_MONTHS = env_int("REPEAT_WINDOW_MONTHS", 12)
# "No contact after N attempts" may be chosen as a closure reason only after N unanswered attempts.
CLOSURE_NO_CONTACT_ATTEMPTS = env_int("CLOSURE_NO_CONTACT_ATTEMPTS", 3)

# Caches. The default is per process. Rate limits (the public self-referral) live in a database
# table, shared by every worker and still there when Redis is down: a public page must never fail
# because a cache is away. The table is made by migrate (intake/migrations/0002).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Sessions are read on every request: from Redis, with the database behind it (cached_db). Redis
    # errors are ignored, so with Redis down a session is read from the database and nobody is signed
    # out. The short lifetime bounds the one gap: a sign-out made while Redis was down.
    "sessions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env_str("SESSION_REDIS_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "TIMEOUT": env_int("SESSION_CACHE_SECONDS", 300),
        "KEY_PREFIX": "kidas-session",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    },
    "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kidas_ratelimit_cache"},
}
RATELIMIT_USE_CACHE = "ratelimit"
# Behind a proxy, set to HTTP_X_FORWARDED_FOR (django-ratelimit takes the proxy's client address).
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
# The database cache increments with a read and a write, not atomically: a burst may let a request
# or two more through than the rate says. That is acceptable for abuse protection; failing is not.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Self-referrals: submissions and page posts per client address.
SELF_REFERRAL_SUBMIT_RATE = env_str("SELF_REFERRAL_SUBMIT_RATE", "5/h")
SELF_REFERRAL_STEP_RATE = env_str("SELF_REFERRAL_STEP_RATE", "120/h")
# Where "Exit this page" on the public pages goes: a neutral site.
SELF_REFERRAL_EXIT_URL = env_str("SELF_REFERRAL_EXIT_URL", "https://www.bbc.co.uk/weather")
# A self-referral is a few short answers; refuse bodies larger than this (the default is 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)
# The historic-referral import takes a whole county quarter in one file (about 1,500 rows, 350 KB);
# the import page states this limit, and kidas.limits lets that one page's body be this large.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
BODY_LIMIT_BY_PATH = {"/reports/imports/": IMPORT_MAX_BYTES + 64 * 1024}  # the file and its form around it
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 400)

KIDAS_DEMO = env_bool("KIDAS_DEMO", False)

# Audit and data protection (audit app). Closed cases are anonymised this many years after closure.
RETENTION_YEARS = env_int("RETENTION_YEARS", 6)
# History context is attached to writes only; reads are recorded as access events by the views.
# Where the audit trail takes the client address from. Behind a proxy, HTTP_X_FORWARDED_FOR (first address).
# How long a counted return (tables, dashboard, downloads, API) is shown before it is counted again; pages
# say when their figures were counted (reports.stored_returns).
REPORT_FIGURES_FRESH_FOR = env_int("REPORT_FIGURES_FRESH_FOR", 300)
AUDIT_IP_META_KEY = env_str("AUDIT_IP_META_KEY", "REMOTE_ADDR")
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_APPEND_ONLY = True
# Error reports (500 emails, the debug page) scrub the restricted fields by name as well as secrets.
DEFAULT_EXCEPTION_REPORTER_FILTER = "audit.reporting.RestrictedFieldsReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
