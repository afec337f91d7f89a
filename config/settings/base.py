"""Settings shared by every environment. All configuration comes from the environment."""

from datetime import timedelta
from typing import Any

from celery.schedules import crontab

from .env import BASE_DIR, database, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnop")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
# Hosts that show the platform landing page instead of a region (no tenant data).
PLATFORM_HOSTS = env_list("PLATFORM_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "globalmarket.core",
    "globalmarket.tenancy",
    "globalmarket.accounts",
    "globalmarket.audit",
    "globalmarket.vendors",
    "globalmarket.catalog",
    "globalmarket.search",
    "globalmarket.cart",
    "globalmarket.checkout",
    "globalmarket.orders",
    "globalmarket.payments",
    "globalmarket.ledger",
    "globalmarket.storefront",
    "globalmarket.dashboard",
    "globalmarket.staff",
]

MIDDLEWARE = [
    "globalmarket.core.middleware.RequestIdMiddleware",
    "globalmarket.core.middleware.ProbeMiddleware",
    "globalmarket.core.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public responses from the cache, before sessions, auth and dispatch (ADR 0153).
    "globalmarket.core.shared_cache.SharedResponseCacheMiddleware",
    "globalmarket.tenancy.middleware.TenantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "globalmarket.audit.context.AuditContextMiddleware",
    "globalmarket.tenancy.middleware.TenantLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "globalmarket.storefront.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "globalmarket.tenancy.context_processors.tenant",
                "globalmarket.storefront.context_processors.site",
            ],
        },
    },
]

# --- Databases: a control plane (tenant registry, no personal data) and one per region.
REGIONS = env_list("GM_REGIONS", "eu,mena")
DATABASES: dict[str, dict[str, Any]] = {"default": database("DATABASE_URL", "control")}
for _region in REGIONS:
    DATABASES[f"region_{_region}"] = database(
        f"DATABASE_URL_{_region.upper()}", f"region_{_region}"
    )
DATABASE_ROUTERS = ["globalmarket.tenancy.router.TenantRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Apps whose tables live in the control-plane database only.
CONTROL_PLANE_APPS = ["tenancy"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "globalmarket.accounts.backends.EmailBackend",
    # Admin permissions from staff roles (globalmarket/staff/backends.py).
    "globalmarket.staff.backends.StaffRoleBackend",
]
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Cache: Redis when REDIS_URL is set, else local memory. Keys are prefixed by tenant.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "gm") + env_str("GM_TEST_DB_SUFFIX")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "KEY_FUNCTION": "globalmarket.tenancy.cache.make_key",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{CACHE_KEY_PREFIX}:asgi"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "KEY_FUNCTION": "globalmarket.tenancy.cache.make_key",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Celery: a real broker when CELERY_BROKER_URL is set, else tasks run eagerly in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Eager tasks never reach a broker, but Celery still builds a producer for them: give it an
# in-memory transport instead of its default amqp://localhost (and kombu's warning about a
# missing hostname on every `make run`). With a broker, "" means "the broker URL".
CELERY_BROKER_WRITE_URL = "" if CELERY_BROKER_URL else "memory://localhost//"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "globalmarket")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {}
CELERY_BEAT_SCHEDULE["checkout-release-expired-reservations"] = {
    "task": "globalmarket.checkout.tasks.release_expired_reservations",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["core-purge-expired-idempotency-records"] = {
    "task": "globalmarket.core.tasks.purge_expired_idempotency_records",
    "schedule": 3600.0,
}

# --- Sessions live in the region database, so a session of one region means nothing in another.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Forms render label, field, help and errors together (globalmarket/core/templates/core/forms/).
FORM_RENDERER = "globalmarket.core.forms.SiteFormRenderer"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_DIR", "var/media")
# Uploaded files served by Django itself (embedded default, tests); production uses a CDN/bucket.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Content-Security-Policy of HTML pages (globalmarket.storefront.middleware).
CSP_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
CSP_ADMIN = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
CSP_EXEMPT_PATHS = ["/api/docs/", "/api/schema/"]
# Seconds storefront listings (home sections, category pages) are served from the cache.
STOREFRONT_CACHE_SECONDS = env_int("STOREFRONT_CACHE_SECONDS", 60)
STORAGES = {
    "default": {"BACKEND": "globalmarket.core.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GlobalMarket <no-reply@globalmarket.test>")

# --- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "globalmarket.accounts.authentication.TenantJWTAuthentication",
        "globalmarket.accounts.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "globalmarket.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "globalmarket.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "UPDATE_LAST_LOGIN": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GlobalMarket API",
    "DESCRIPTION": (
        "Multi-region marketplace API. The region is chosen by the Host header "
        "(e.g. globalmarket.eu, globalmarket.ae). Every error has the shape "
        '{"error": {"code", "message", "fields"}}.'
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Login throttling: failures allowed per window, per account and per IP.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900)
# Seconds a process keeps the tenant registry before reading it again.
TENANT_CACHE_SECONDS = env_int("TENANT_CACHE_SECONDS", 10)
# Trust X-Forwarded-For from this many proxies in front (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Demo data: each entry is called as seed(tenant, *, stdout) inside the tenant's context.
# Key for encrypting sensitive fields (vendor IBANs). Empty in dev/test: derived from
# SECRET_KEY (globalmarket.vendors.crypto); production requires it.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", "")
# Retired keys still accepted for decryption while `manage.py rotate_field_keys` runs.
FIELD_ENCRYPTION_KEYS_OLD = env_list("FIELD_ENCRYPTION_KEYS_OLD", "")

DEMO_SEEDERS = [
    "globalmarket.accounts.demo.seed",
    "globalmarket.vendors.demo.seed",
    "globalmarket.catalog.demo.seed",
    "globalmarket.ledger.demo.seed",
]
DEMO_SEEDERS.append("globalmarket.orders.demo.seed")  # last: needs the catalog's demo products

LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "globalmarket.core.logging.ContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(tenant)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s [%(tenant)s %(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# Catalog: response cache lifetime (entries are also invalidated on every change) and upload limit.
CATALOG_CACHE_SECONDS = env_int("CATALOG_CACHE_SECONDS", 300)
CATALOG_IMAGE_MAX_BYTES = env_int("CATALOG_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
# The catalog's list indexes carry INCLUDE columns for index-only walks on PostgreSQL (ADR
# 0154); SQLite, the embedded default, builds the same indexes without them, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Search index maintenance (globalmarket/search/tasks.py, docs/search.md).
CELERY_BEAT_SCHEDULE["search-sweep-dirty"] = {"task": "search.sweep_dirty", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["search-reconcile"] = {"task": "search.reconcile", "schedule": 600.0}
# --- Payments (globalmarket.payments): which provider serves each method, and its keys.
# Secrets come from the environment only and are never logged. Unset = the sandbox provider.
PAYMENTS_CARD_PROVIDER = env_str("PAYMENTS_CARD_PROVIDER", "sandbox")  # sandbox | stripe
PAYMENTS_IDEAL_PROVIDER = env_str("PAYMENTS_IDEAL_PROVIDER", "sandbox")  # sandbox | stripe
PAYMENTS_PAYPAL_PROVIDER = env_str("PAYMENTS_PAYPAL_PROVIDER", "sandbox")  # sandbox | paypal
PAYMENTS_SANDBOX_WEBHOOK_SECRET = env_str("PAYMENTS_SANDBOX_WEBHOOK_SECRET")
PAYMENTS_WEBHOOK_TOLERANCE_SECONDS = env_int("PAYMENTS_WEBHOOK_TOLERANCE_SECONDS", 300)
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")  # e.g. http://127.0.0.1:8420 for localstripe
PAYPAL_CLIENT_ID = env_str("PAYPAL_CLIENT_ID")
PAYPAL_CLIENT_SECRET = env_str("PAYPAL_CLIENT_SECRET")
PAYPAL_WEBHOOK_ID = env_str("PAYPAL_WEBHOOK_ID")
PAYPAL_API_BASE = env_str("PAYPAL_API_BASE", "https://api-m.sandbox.paypal.com")
# Scheme of the return URLs given to providers (https in production).
PAYMENTS_RETURN_SCHEME = env_str("PAYMENTS_RETURN_SCHEME", "https")
# --- Ledger (docs/ledger.md): commission fallback, payout minimums, the platform's SEPA debtor.
LEDGER_DEFAULT_COMMISSION_RATE = env_str("LEDGER_DEFAULT_COMMISSION_RATE", "0.10")
LEDGER_PAYOUT_MINIMUMS = {"EUR": "25.00", "USD": "25.00", "AED": "100.00", "*": "25"}
LEDGER_SEPA_DEBTOR = {
    "name": env_str("LEDGER_SEPA_DEBTOR_NAME", "GlobalMarket Europe B.V."),
    "iban": env_str("LEDGER_SEPA_DEBTOR_IBAN", "NL91ABNA0417164300"),
    "bic": env_str("LEDGER_SEPA_DEBTOR_BIC", "ABNANL2A"),
}
CELERY_BEAT_SCHEDULE["ledger-payouts"] = {
    "task": "ledger.payouts_run",
    "schedule": crontab(hour=3, minute=15),  # daily; each region's `payout_schedule` decides
}
# The stripe library logs API bodies (client secrets) at DEBUG/INFO: keep it to warnings.
LOGGING["loggers"]["stripe"] = {"level": "WARNING"}  # type: ignore[index]
CELERY_BEAT_SCHEDULE["payments-reconcile"] = {"task": "payments.reconcile", "schedule": 300.0}
# After the catalog seeder: index the demo catalog (keep this line after the catalog's entry).
DEMO_SEEDERS.append("globalmarket.search.demo.seed")
