"""Cached catalog responses: keys carry a per-tenant catalog version bumped on every change.

The cache's key function already prefixes the tenant, so a key here only needs the
language, the country and the query; each entry stores the catalog version it was built
under. Any write that changes what a shopper sees calls `catalog_changed()`: the version
moves on and every older entry stops counting (it is rebuilt, or expires by TTL). The bump
happens at once and again after commit (globalmarket.core.cache_versions), so a reader that
filled the cache from pre-commit data between the two is orphaned as well.
"""

import hashlib
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


def _key(kind: str, country: str, suffix: str) -> str:
    language = translation.get_language() or ""
    return f"catalog:{kind}:{language}:{country}:{suffix}"


def _current(keys: list[str]) -> tuple[int, dict[str, Any]]:
    """The catalog version and those of `keys` built under it, read in one MGET."""
    values = cache.get_many([VERSION_KEY, *keys])
    version = values.get(VERSION_KEY)
    if version is None:
        version = catalog_version()
    entries = (values.get(key) for key in keys)
    return version, {
        key: entry[1]
        for key, entry in zip(keys, entries, strict=True)
        if entry is not None and entry[0] == version
    }


def cached_products(
    ids: list[int], *, country: str, build: Callable[[list[int]], dict[int, Any]]
) -> list[Any]:
    """Each product's rendered entry (per language and country), building only the missing.

    A list page is then one id query and one Redis MGET when its products were rendered
    before, on any other page, ordering or filter. Entries carry the catalog version like
    whole responses do, so they go stale together. Products that `build` no longer returns
    (unpublished meanwhile) are left out.
    """
    keys = {pk: _key("product", country, str(pk)) for pk in ids}
    version, current = _current(list(keys.values()))
    found = {pk: current[key] for pk, key in keys.items() if key in current}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        built = build(missing)
        cache.set_many(
            {keys[pk]: (version, body) for pk, body in built.items()},
            timeout=settings.CATALOG_CACHE_SECONDS,
        )
        found.update(built)
    return [found[pk] for pk in ids if pk in found]


def cached_response(
    kind: str, *, country: str, params: dict[str, str], build: Callable[[], Any]
) -> tuple[Any, bool]:
    """The cached value (a response body, a count) for this request, or build and store it.

    Returns (value, hit).

    One Redis round trip on a hit: the entry and the catalog version are read together
    (MGET) and the entry counts only if it was built under the current version.
    """
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    key = _key(kind, country, digest)
    version, current = _current([key])
    if key in current:
        return current[key], True
    body = build()
    cache.set(key, (version, body), timeout=settings.CATALOG_CACHE_SECONDS)
    return body, False
