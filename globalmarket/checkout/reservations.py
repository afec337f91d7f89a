"""Stock held for an order: taken by conditional UPDATE, released on expiry or cancellation.

Stock rows are changed in primary-key order so two checkouts never wait on each other in
opposite order (no deadlocks); `stock = stock - q WHERE stock >= q` never goes below zero,
and the CHECK constraint on ProductVariant.stock is the backstop.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.utils import timezone

from globalmarket.catalog.cache import catalog_changed
from globalmarket.catalog.models import ProductVariant
from globalmarket.core.errors import ApplicationError
from globalmarket.orders.models import Order
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.rows import insert_rows

from .errors import CheckoutError
from .models import StockReservation

DEFAULT_HOLD_MINUTES = 30


def hold_minutes() -> int:
    return int(getattr(settings, "CHECKOUT_RESERVATION_MINUTES", DEFAULT_HOLD_MINUTES))


def take_stock(quantities: dict[int, int], names: dict[int, str]) -> None:
    """Take `quantities` {variant_id: q} from stock, or raise out_of_stock (caller rolls back).

    At most two statements, however many variants: with several, their rows are first locked
    in primary-key order (SELECT … FOR UPDATE), then one conditional UPDATE takes every
    quantity (`stock >= q` per row, CASE by id). RETURNING says which rows were taken (a
    missing one is out of stock) and whether a last unit went, so cached catalog pages are
    invalidated exactly when stock reaches zero.
    """
    if not quantities:
        return
    ids = sorted(quantities)
    if len(ids) > 1:
        list(
            ProductVariant.objects.select_for_update()
            .filter(id__in=ids)
            .order_by("id")
            .values_list("id")
        )
    tenant = require_tenant()
    connection = connections[tenant.database_alias]
    table = connection.ops.quote_name(ProductVariant._meta.db_table)
    tenant_id = ProductVariant._meta.get_field("tenant_id").get_db_prep_value(tenant.id, connection)
    case = "CASE id " + " ".join(["WHEN %s THEN %s"] * len(ids)) + " END"
    pairs = [value for variant_id in ids for value in (variant_id, quantities[variant_id])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET stock = stock - {case} WHERE tenant_id = %s "  # noqa: S608 - placeholders only
            f"AND id IN ({', '.join(['%s'] * len(ids))}) AND stock >= {case} RETURNING id, stock",
            [*pairs, tenant_id, *ids, *pairs],
        )
        taken = dict(cursor.fetchall())
    missing = [variant_id for variant_id in ids if variant_id not in taken]
    if missing:
        raise ApplicationError(
            CheckoutError.OUT_OF_STOCK, f"“{names.get(missing[0], missing[0])}” is out of stock.",
            status=409, extra={"variant": missing[0]},
        )  # fmt: skip
    if 0 in taken.values():
        # The last unit went: cached catalog pages must stop showing it in stock.
        catalog_changed()


def create_reservations(
    order: Order, quantities: dict[int, int], *, committed: bool = False
) -> None:
    """Hold the taken units for the payment window (`committed`: already sold, e.g. COD)."""
    Status = StockReservation.Status
    expires = timezone.now() + timedelta(minutes=hold_minutes())
    insert_rows([
        StockReservation(order=order, variant_id=variant_id, quantity=quantity, expires_at=expires,
                         status=Status.COMMITTED if committed else Status.ACTIVE)
        for variant_id, quantity in sorted(quantities.items())
    ])  # fmt: skip


def commit_reservations(order: Order) -> None:
    """The order is paid (or cash on delivery): the held units are sold and never expire."""
    StockReservation.objects.filter(order=order, status=StockReservation.Status.ACTIVE).update(
        status=StockReservation.Status.COMMITTED
    )


def return_stock(order: Order, variant_ids: set[int] | None = None) -> int:
    """Give held or sold-but-unshipped units back to stock (cancel, reject, expiry)."""
    rows = StockReservation.objects.select_for_update().filter(
        order=order, status__in=[StockReservation.Status.ACTIVE, StockReservation.Status.COMMITTED]
    )
    if variant_ids is not None:
        rows = rows.filter(variant_id__in=variant_ids)
    rows = sorted(rows, key=lambda r: r.variant_id or 0)
    back_in_stock = ProductVariant.objects.filter(
        id__in=[r.variant_id for r in rows if r.variant_id is not None], stock=0
    ).exists()
    for row in rows:
        if row.variant_id is not None:
            ProductVariant.objects.filter(id=row.variant_id).update(stock=F("stock") + row.quantity)
    if rows:
        # The rows are locked above: one UPDATE releases them all.
        StockReservation.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=StockReservation.Status.RELEASED, released_at=timezone.now()
        )
    if back_in_stock:
        catalog_changed()
    return sum(r.quantity for r in rows)
