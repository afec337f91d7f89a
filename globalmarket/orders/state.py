"""The two status machines and how a customer order's status follows from its vendor orders."""

from collections.abc import Iterable

from .models import Order, VendorOrder

V = VendorOrder.Status
O = Order.Status  # noqa: E741

# Vendor order: pending → accepted → shipped → delivered, plus rejected, cancelled, returned.
VENDOR_TRANSITIONS: dict[str, set[str]] = {
    V.PENDING: {V.ACCEPTED, V.REJECTED, V.CANCELLED},
    V.ACCEPTED: {V.SHIPPED, V.CANCELLED},
    V.SHIPPED: {V.DELIVERED},
    V.DELIVERED: {V.RETURNED},
    V.REJECTED: set(),
    V.CANCELLED: set(),
    V.RETURNED: set(),
}
CLOSED = {V.REJECTED, V.CANCELLED}
NOT_YET_SHIPPED = {V.PENDING, V.ACCEPTED}


def can_transition(current: str, target: str) -> bool:
    return target in VENDOR_TRANSITIONS.get(current, set())


def derive_order_status(order: Order, statuses: Iterable[str]) -> str:
    """pending → confirmed → partially_shipped → shipped → delivered, cancelled, refunded.

    `refunded` is set by payments and kept; closed (rejected/cancelled) vendor orders do not
    count; if nothing is left the order is cancelled. Before payment it stays pending.
    """
    if order.status == O.REFUNDED:
        return O.REFUNDED
    live = [s for s in statuses if s not in CLOSED]
    if not live:
        return O.CANCELLED
    sent = [s for s in live if s in {V.SHIPPED, V.DELIVERED, V.RETURNED}]
    if len(sent) == len(live):
        return O.DELIVERED if all(s in {V.DELIVERED, V.RETURNED} for s in live) else O.SHIPPED
    if sent:
        return O.PARTIALLY_SHIPPED
    return O.CONFIRMED if order.confirmed_at is not None else O.PENDING
