"""Order numbers per tenant and year, gap-free: `EU-2026-000123`, vendor orders `…-1`, `…-2`.

The counter row is created or incremented by one upsert that keeps the row locked until
the checkout transaction ends, so a checkout that rolls back gives its number back, and
concurrent checkouts queue on the row only for the short rest of their transaction (it is
taken last, after stock and coupons).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connections
from django.utils import timezone

from globalmarket.tenancy.context import require_tenant

from .models import OrderNumberCounter


def order_year(now: datetime | None = None) -> int:
    tenant = require_tenant()
    return (now or timezone.now()).astimezone(ZoneInfo(tenant.timezone)).year


def next_order_number(now: datetime | None = None) -> str:
    """Take the next number; call inside the transaction that creates the order.

    One statement (PostgreSQL and SQLite ≥ 3.35): insert the year's row with 1, or add 1 to
    it under its row lock (ON CONFLICT DO UPDATE), and return the value.
    """
    tenant = require_tenant()
    year = order_year(now)
    connection = connections[tenant.database_alias]
    table = connection.ops.quote_name(OrderNumberCounter._meta.db_table)
    tenant_id = OrderNumberCounter._meta.get_field("tenant_id").get_db_prep_value(
        tenant.id, connection
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tenant_id, year, last_value) VALUES (%s, %s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [tenant_id, year],
        )
        (value,) = cursor.fetchone()
    return f"{tenant.code}-{year}-{value:06d}"


def vendor_order_number(order_number: str, sequence: int) -> str:
    return f"{order_number}-{sequence}"
