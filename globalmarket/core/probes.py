"""Readiness: every region database, the cache and the broker must answer."""

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections


def _check_database(alias: str) -> dict[str, Any]:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True}
    except Exception as exc:
        connections[alias].close()
        return {"ok": False, "error": type(exc).__name__}


def _check_cache() -> dict[str, Any]:
    try:
        cache = caches["default"]
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", 5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return {"ok": ok}
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}


def _check_broker() -> dict[str, Any]:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "eager"}
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}


def readiness() -> dict[str, dict[str, Any]]:
    checks = {f"database:{alias}": _check_database(alias) for alias in settings.DATABASES}
    checks["cache"] = _check_cache()
    checks["broker"] = _check_broker()
    return checks
