"""Celery tasks that run in the tenant they were enqueued from.

The tenant's slug travels in the message headers; the worker restores it before the task
body runs, so every query goes to that region's database and cache keys carry its prefix.
"""

from typing import Any

from celery import Task
from django.db import transaction

from .context import current_tenant, use_tenant

HEADER = "gm_tenant"


class TenantTask(Task):
    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        tenant = current_tenant()
        if tenant is not None:
            headers = dict(options.pop("headers", None) or {})
            headers.setdefault(HEADER, tenant.slug)
            options["headers"] = headers
        return super().apply_async(args, kwargs, **options)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        slug = self.request.get(HEADER) or (self.request.get("headers") or {}).get(HEADER)
        if not slug:
            return super().__call__(*args, **kwargs)
        from .selectors import tenant_by_slug

        tenant = tenant_by_slug(slug)
        if tenant is None:
            raise LookupError(f"Task {self.name} was enqueued for unknown tenant {slug!r}")
        with use_tenant(tenant):
            return super().__call__(*args, **kwargs)


def enqueue_on_commit(task: Any, *args: Any, using: str | None = None, **kwargs: Any) -> None:
    """Enqueue `task` once the current transaction commits, in the current tenant."""
    tenant = current_tenant()
    if using is None and tenant is not None:
        using = tenant.database_alias

    def send() -> None:
        with use_tenant(tenant):
            task.delay(*args, **kwargs)

    transaction.on_commit(send, using=using)
