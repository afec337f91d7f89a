"""Per-tenant version counters for invalidating a family of cache entries at once.

Each cached entry stores the version(s) it was built under and counts only while they are
current, so invalidating a family is one Redis INCR instead of finding every key. The
cache's key function prefixes the tenant. `changed()` bumps at once and again after the
transaction commits: a reader that filled the cache from pre-commit data between the two is
orphaned as well. Used by the catalog (ADR 0150) and search (ADR 0410) response caches.
"""

from dataclasses import dataclass

from django.core.cache import cache

from globalmarket.tenancy.context import require_tenant, use_tenant
from globalmarket.tenancy.db import on_commit


@dataclass(frozen=True)
class CacheVersion:
    key: str

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, 1, timeout=None)
            version = cache.get(self.key) or 1
        return int(version)

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # missing key (evicted or never set)
            cache.add(self.key, 2, timeout=None)

    def changed(self) -> None:
        """Invalidate the current tenant's entries now and again after commit."""
        self.bump()
        tenant = require_tenant()

        def after_commit() -> None:
            with use_tenant(tenant):
                self.bump()

        on_commit(after_commit)
