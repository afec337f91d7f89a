"""Order numbers per tenant and year, gap-free: `EU-2026-000123`, vendor orders `…-1`, `…-2`.

The counter row is incremented under a row lock inside the checkout transaction, so a
checkout that rolls back gives its number back, and concurrent checkouts queue on the row
only for the short rest of their transaction (it is taken last, after stock and coupons).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from globalmarket.tenancy.context import require_tenant

from .models import OrderNumberCounter


def order_year(now: datetime | None = None) -> int:
    tenant = require_tenant()
    return (now or timezone.now()).astimezone(ZoneInfo(tenant.timezone)).year


def next_order_number(now: datetime | None = None) -> str:
    """Take the next number; call inside the transaction that creates the order."""
    tenant = require_tenant()
    year = order_year(now)
    OrderNumberCounter.objects.bulk_create(
        [OrderNumberCounter(year=year, last_value=0)], ignore_conflicts=True
    )
    counter = OrderNumberCounter.objects.select_for_update().get(year=year)
    OrderNumberCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
    return f"{tenant.code}-{year}-{counter.last_value + 1:06d}"


def vendor_order_number(order_number: str, sequence: int) -> str:
    return f"{order_number}-{sequence}"
