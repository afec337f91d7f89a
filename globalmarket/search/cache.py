"""Cached search and suggest responses, invalidated by version (ADR 0410).

An entry is keyed by kind, language, country and the normalised request (query tokens,
filters, sort, page); the cache's key function prefixes the tenant. It stores the versions
it was built under and counts only while both are current:

* the catalog version (`globalmarket.catalog.cache`): every catalog, vendor, stock and image
  change bumps it, so a hit never shows a stale price, name or a suspended vendor's product;
* the search index version (`INDEX_VERSION_KEY`): bumped whenever the indexer writes or
  removes documents (at once and again after commit), so counts and facets follow the index.

Old entries are orphaned and expire by TTL (`CATALOG_CACHE_SECONDS`). A hit costs one Redis
round trip (MGET of both versions and the entry).
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from globalmarket.catalog.cache import VERSION_KEY as CATALOG_VERSION_KEY
from globalmarket.catalog.cache import catalog_version
from globalmarket.core.cache_versions import CacheVersion

INDEX_VERSION_KEY = "search:index-version"
_index_version = CacheVersion(INDEX_VERSION_KEY)


def index_version() -> int:
    return _index_version.current()


def index_changed() -> None:
    """Invalidate the current tenant's cached search responses (at once and after commit)."""
    _index_version.changed()


def response_key(kind: str, *, language: str, country: str, params: dict[str, Any]) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v not in (None, ""))
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    return f"search:{kind}:{language}:{country}:{digest}"


def cached_search_response(kind: str, *, language: str, country: str, params: dict[str, Any],
                           build: Callable[[], Any], bypass: bool = False) -> tuple[Any, bool]:  # fmt: skip
    """The cached value for this request if built under the current versions, else build it.

    Returns (value, hit). `params` must hold everything the response depends on besides the
    tenant, language and country (normalised, so equivalent requests share an entry).
    `bypass` builds without reading or storing: the shared cache (core.shared_cache) reads
    and stores this request's whole response already.
    """
    if bypass:
        return build(), False
    key = response_key(kind, language=language, country=country, params=params)
    values = cache.get_many([CATALOG_VERSION_KEY, INDEX_VERSION_KEY, key])
    versions = (
        values.get(CATALOG_VERSION_KEY) or catalog_version(),
        values.get(INDEX_VERSION_KEY) or index_version(),
    )
    entry = values.get(key)
    if entry is not None and entry[0] == versions:
        return entry[1], True
    body = build()
    cache.set(key, (versions, body), timeout=settings.CATALOG_CACHE_SECONDS)
    return body, False
