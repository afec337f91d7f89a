"""Settings for the test suite: the same engines the environment selects, fast hashing."""

from .base import *  # noqa: F403
from .env import env_str

CELERY_TASK_DEFAULT_QUEUE = "globalmarket-test" + env_str("GM_TEST_DB_SUFFIX")

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
