"""Settings for the test suite: the same engines the environment selects, fast hashing."""

from .base import *  # noqa: F403
from .env import env_str

# Parallel runs (other checkouts via GM_TEST_DB_SUFFIX, xdist workers) share Redis and the
# broker: each gets its own cache key prefix, channel prefix and queue.
_RUN = env_str("GM_TEST_DB_SUFFIX") + env_str("PYTEST_XDIST_WORKER")
CELERY_TASK_DEFAULT_QUEUE = f"globalmarket-test{_RUN}"
CACHE_KEY_PREFIX = f"gmtest{_RUN}"
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX  # noqa: F405
if "CONFIG" in CHANNEL_LAYERS["default"]:  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"{CACHE_KEY_PREFIX}:asgi"  # type: ignore[index]  # noqa: F405

DEBUG = False
# Argon2 is what production uses (asserted in tests); a fast hasher keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # type: ignore[index]  # noqa: F405
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run in-process so tests see their effects; the `broker` tests switch to the real
# broker and a real worker process explicitly.
CELERY_TASK_ALWAYS_EAGER = True
