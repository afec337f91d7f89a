"""Order numbers per tenant and year, gap-free: `EU-2026-000123`, vendor orders `…-1`, `…-2`.

The counter row is created or incremented by one upsert that keeps the row locked until
the checkout transaction ends, so a checkout that rolls back gives its number back, and
concurrent checkouts queue on the row only for the short rest of their transaction (it is
taken last, after stock and coupons).
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_on_postgresql

from .models import Order, OrderNumberCounter, VendorOrder


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
    return _format(f"{tenant.code}-{year}-", value)


def vendor_order_number(order_number: str, sequence: int) -> str:
    return f"{order_number}-{sequence}"


def _format(prefix: str, value: int) -> str:
    return f"{prefix}{value:06d}"


def assign_order_number(order: Order, vendor_orders: list[VendorOrder], now: datetime | None = None) -> str:  # fmt: skip
    """Take the next number and write it on `order` and its vendor orders (in the caller's transaction).

    PostgreSQL: one statement, the counter upsert with the two UPDATEs as data-modifying
    CTEs (they run to completion whatever the outer SELECT reads); the counter row stays
    locked until commit exactly as with `next_order_number`. SQLite (no data-modifying
    CTEs): the upsert, then the two UPDATEs. The numbers are formatted alike on both:
    `EU-2026-000123` (at least six digits) and `EU-2026-000123-1` per vendor order.
    """
    tenant = require_tenant()
    if not region_on_postgresql():
        number = next_order_number(now)
        Order.objects.filter(pk=order.pk).update(number=number)
        VendorOrder.objects.filter(order=order).update(
            number=Concat(Value(f"{number}-"), Cast("sequence", output_field=CharField()))
        )
    else:
        year = order_year(now)
        prefix = f"{tenant.code}-{year}-"
        connection = connections[tenant.database_alias]
        quote = connection.ops.quote_name
        counter, orders, vendor_orders_table = (
            quote(model._meta.db_table) for model in (OrderNumberCounter, Order, VendorOrder)
        )
        tenant_id: Any = tenant.id
        number_sql = "%s || lpad(n.last_value::text, greatest(6, length(n.last_value::text)), '0')"
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH n AS (INSERT INTO {counter} (tenant_id, year, last_value) VALUES (%s, %s, 1) "  # noqa: S608 - table names from the models
                f"ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = {counter}.last_value + 1 "
                "RETURNING last_value), "
                f"o AS (UPDATE {orders} SET number = {number_sql} FROM n "
                f"WHERE {orders}.id = %s AND {orders}.tenant_id = %s RETURNING 1), "
                f"v AS (UPDATE {vendor_orders_table} SET number = {number_sql} || '-' || "
                f"{vendor_orders_table}.sequence::text FROM n WHERE {vendor_orders_table}.order_id = %s "
                f"AND {vendor_orders_table}.tenant_id = %s RETURNING 1) "
                "SELECT n.last_value, (SELECT count(*) FROM o), (SELECT count(*) FROM v) FROM n",
                [tenant_id, year, prefix, order.pk, tenant_id, prefix, order.pk, tenant_id],
            )
            value, orders_written, vendor_orders_written = cursor.fetchone()
        assert (orders_written, vendor_orders_written) == (1, len(vendor_orders))
        number = _format(prefix, value)
    order.number = number
    for vo in vendor_orders:
        vo.number = vendor_order_number(number, vo.sequence)
    return number
