"""Cached catalog responses: keys carry a per-tenant catalog version bumped on every change.

The cache's key function already prefixes the tenant, so a key here only needs the
catalog version, the language, the country and the query. Any write that changes what a
shopper sees calls `catalog_changed()`: the version moves on and every old entry is
orphaned (it expires by TTL). The bump happens at once and again after commit, so a
reader that filled the cache from pre-commit data between the two is orphaned as well.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from globalmarket.tenancy.context import require_tenant, use_tenant
from globalmarket.tenancy.db import on_commit

VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing key (evicted or never set)
        cache.add(VERSION_KEY, 2, timeout=None)


def catalog_changed() -> None:
    """Invalidate every cached catalog response of the current tenant."""
    _bump()
    tenant = require_tenant()

    def after_commit() -> None:
        with use_tenant(tenant):
            _bump()

    on_commit(after_commit)


def response_key(kind: str, *, country: str, params: dict[str, str]) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or ""
    return f"catalog:{catalog_version()}:{kind}:{language}:{country}:{digest}"


def cached(key: str, build: Callable[[], Any]) -> tuple[Any, bool]:
    """The cached value for `key`, or build and store it; returns (value, hit)."""
    value = cache.get(key)
    if value is not None:
        return value, True
    value = build()
    cache.set(key, value, timeout=settings.CATALOG_CACHE_SECONDS)
    return value, False
