"""The current tenant, kept in a context variable (safe under ASGI, threads and tasks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Tenant

_current: ContextVar[Tenant | None] = ContextVar("current_tenant", default=None)


class NoTenantError(RuntimeError):
    """Region data was touched outside any tenant context: a bug, never a fallback."""


def current_tenant() -> Tenant | None:
    return _current.get()


def require_tenant() -> Tenant:
    tenant = _current.get()
    if tenant is None:
        raise NoTenantError(
            "No current tenant. Wrap the code in `use_tenant(tenant)` "
            "(requests, tasks and consumers do this for you)."
        )
    return tenant


@contextmanager
def use_tenant(tenant: Tenant | None) -> Iterator[Tenant | None]:
    token = _current.set(tenant)
    try:
        yield tenant
    finally:
        _current.reset(token)


def set_tenant(tenant: Tenant | None) -> object:
    """Set the tenant and return a token for `reset_tenant` (for middleware)."""
    return _current.set(tenant)


def reset_tenant(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
