"""Index maintenance tasks (idempotent; safe to run twice or concurrently)."""

from celery import shared_task

from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants

from . import services


@shared_task(name="search.reindex_dirty")
def reindex_dirty() -> int:
    """Rebuild the documents of products marked dirty in the current tenant."""
    return services.search_reindex_dirty()


@shared_task(name="search.sweep_dirty")
def sweep_dirty() -> int:
    """Periodic: process dirty products left behind (a lost message, a crashed worker)."""
    done = 0
    for tenant in active_tenants():
        with use_tenant(tenant):
            done += services.search_reindex_dirty()
    return done


@shared_task(name="search.reconcile")
def reconcile() -> int:
    """Periodic: catch vendor status, category and other changes made without mark_dirty."""
    marked = 0
    for tenant in active_tenants():
        with use_tenant(tenant):
            marked += services.search_reconcile()
    return marked
