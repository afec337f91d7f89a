"""Periodic payout job: per tenant, on the tenant's schedule (weekly on Mondays by default)."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants

from .payouts import payouts_create


def payout_period(today: date, schedule: str) -> tuple[date, date] | None:
    """The period that ended yesterday, if the schedule pays today; else None."""
    end = today - timedelta(days=1)
    if schedule == "daily":
        return end, end
    if schedule == "monthly":
        return (end.replace(day=1), end) if today.day == 1 else None
    return (today - timedelta(days=7), end) if today.weekday() == 0 else None  # weekly: Mondays


@shared_task(name="ledger.payouts_run")
def payouts_run(today: str | None = None) -> dict[str, int]:
    """Create due payouts in every active region (safe to run twice, or again after a crash)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    created: dict[str, int] = {}
    for tenant in active_tenants():
        period = payout_period(day, str(tenant.features.get("payout_schedule", "weekly")))
        if period is None:
            continue
        with use_tenant(tenant):
            created[tenant.slug] = len(payouts_create(period_start=period[0], period_end=period[1]))
    return created
