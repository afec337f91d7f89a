"""Find tenants. The registry is tiny and read on every request, so each process keeps it briefly."""

import threading
import time

from django.conf import settings

from .models import Tenant

_lock = threading.Lock()
_by_host: dict[str, Tenant] = {}
_by_slug: dict[str, Tenant] = {}
_loaded_at = 0.0


def _load() -> None:
    global _loaded_at
    tenants = list(Tenant.objects.using("default").filter(is_active=True))
    by_host = {host: t for t in tenants for host in t.hosts}
    by_slug = {t.slug: t for t in tenants}
    with _lock:
        _by_host.clear()
        _by_host.update(by_host)
        _by_slug.clear()
        _by_slug.update(by_slug)
        _loaded_at = time.monotonic()


def _fresh() -> None:
    if time.monotonic() - _loaded_at > settings.TENANT_CACHE_SECONDS:
        _load()


def clear_tenant_cache() -> None:
    global _loaded_at
    _loaded_at = 0.0


def normalise_host(host: str) -> str:
    """Lower-case, without port; IPv6 literals keep their brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def tenant_for_host(host: str) -> Tenant | None:
    _fresh()
    return _by_host.get(normalise_host(host))


def tenant_by_slug(slug: str) -> Tenant | None:
    _fresh()
    return _by_slug.get(slug)


def active_tenants() -> list[Tenant]:
    _fresh()
    return sorted(_by_slug.values(), key=lambda t: t.name)
