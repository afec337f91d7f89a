"""Periodic housekeeping of the core app."""

from celery import shared_task

from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants


@shared_task
def purge_expired_idempotency_records() -> int:
    """Delete Idempotency-Key records older than their TTL, in every region.

    A key is only honoured for `TTL`; a record past it is dead weight (a returning key
    replaces its own expired record at once, core.idempotency._claim).
    """
    from .idempotency import purge_expired

    total = 0
    for tenant in active_tenants():
        with use_tenant(tenant):
            total += purge_expired()
    return total
