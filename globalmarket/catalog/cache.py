"""Cached catalog responses: keys carry a per-tenant catalog version bumped on every change.

The cache's key function already prefixes the tenant, so a key here only needs the
language, the country and the query; each entry stores the catalog version it was built
under. Any write that changes what a shopper sees calls `catalog_changed()`: the version
moves on and every older entry stops counting (it is rebuilt, or expires by TTL). The bump
happens at once and again after commit (globalmarket.core.cache_versions), so a reader that
filled the cache from pre-commit data between the two is orphaned as well.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from globalmarket.core.cache_versions import CacheVersion

VERSION_KEY = "catalog:version"
_version = CacheVersion(VERSION_KEY)


def catalog_version() -> int:
    return _version.current()


def catalog_changed() -> None:
    """Invalidate every cached catalog response of the current tenant."""
    _version.changed()


def request_catalog_version(request: Any) -> int:
    """The catalog version this request's response is built under: the one the shared cache
    read before the view ran (core.shared_cache), else the current one. Parts of the
    response cached apart (api.fragments) are keyed by it, so parts built from rows a
    concurrent change replaced end up under a version that is no longer current."""
    versions = getattr(request, "shared_cache_versions", None) or {}
    version = versions.get(VERSION_KEY)
    return int(version) if version is not None else catalog_version()


def _key(kind: str, country: str, suffix: str) -> str:
    language = translation.get_language() or ""
    return f"catalog:{kind}:{language}:{country}:{suffix}"


_MISSING = object()


def _current(key: str) -> tuple[int, Any]:
    """The catalog version and the entry at `key` if it was built under it (else _MISSING),
    read in one MGET."""
    values = cache.get_many([VERSION_KEY, key])
    version = values.get(VERSION_KEY)
    if version is None:
        version = catalog_version()
    entry = values.get(key)
    return version, entry[1] if entry is not None and entry[0] == version else _MISSING


# How long a request waits for another one building the same expensive entry, and how
# long a builder's claim lasts if its process dies.
WAIT_SECONDS = 2.0
CLAIM_SECONDS = 10


def cached_response(
    kind: str,
    *,
    country: str,
    params: dict[str, str],
    build: Callable[[], Any],
    single_flight: bool = False,
    bypass: bool = False,
) -> tuple[Any, bool]:
    """The cached value (a response body, a count) for this request, or build and store it.

    Returns (value, hit).

    One Redis round trip on a hit: the entry and the catalog version are read together
    (MGET) and the entry counts only if it was built under the current version.

    `single_flight` is for expensive entries that many requests need at once (a category's
    product count after the catalog changed): the first request to miss claims the build
    (SET NX) and the others wait for its result instead of all running the same query.

    `bypass` builds without reading or storing: for a request whose whole response the
    shared cache (core.shared_cache) reads and stores already.
    """
    if bypass:
        return build(), False
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    key = _key(kind, country, digest)
    version, value = _current(key)
    if value is not _MISSING:
        return value, True
    claim = f"{key}:building:{version}"
    if single_flight and not cache.add(claim, 1, timeout=CLAIM_SECONDS):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.01)
            version, value = _current(key)
            if value is not _MISSING:
                return value, True
    try:
        body = build()
        cache.set(key, (version, body), timeout=settings.CATALOG_CACHE_SECONDS)
    finally:
        if single_flight:
            cache.delete(claim)
    return body, False
