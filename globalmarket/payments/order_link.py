"""The link between a payment and its order: status, stock, timeline, customer messages.

`payment_paid` runs inside the transaction that marks the payment paid. If the order's
stock reservation has expired and been released in the meantime, the stock is reserved
again with conditional UPDATEs (`stock >= quantity`, variants in primary-key order); if
any unit is gone, nothing is taken, the order is cancelled and the whole payment is
refunded automatically after commit. The shopper is told which happened.
"""

import logging
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from globalmarket.checkout.models import StockReservation
from globalmarket.checkout.reservations import take_stock
from globalmarket.core.errors import ApplicationError
from globalmarket.core.money import quantize
from globalmarket.orders.models import Order, OrderEvent, VendorOrder
from globalmarket.orders.services import Role, order_event
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)
R = StockReservation.Status

_ORDER_PAYMENT_STATUS = {
    "pending": Order.PaymentStatus.PENDING,
    "requires_action": Order.PaymentStatus.PENDING,
    "authorized": Order.PaymentStatus.AUTHORIZED,
    "paid": Order.PaymentStatus.PAID,
    "failed": Order.PaymentStatus.FAILED,
    "cancelled": Order.PaymentStatus.FAILED,
    "partially_refunded": Order.PaymentStatus.PARTIALLY_REFUNDED,
    "refunded": Order.PaymentStatus.REFUNDED,
}


def notify_customer(order: Order, *, subject: str, message: str, kind: str, key: str) -> None:
    """Tell the shopper after commit; message `kind` is sent once per `key` (orders' guard)."""
    from .tasks import notify_customer_task

    enqueue_on_commit(notify_customer_task, order.pk, subject, message, kind, key)


class _OutOfStock(Exception):
    pass


def _order_for(payment: Any) -> Order | None:
    if payment.order_id is None:
        return None
    return Order.objects.select_for_update().get(pk=payment.order_id)


def _cancelled_only_by_expiry(order: Order) -> bool:
    """Cancelled by the reservation-expiry job, not by anyone's decision."""
    people = [
        OrderEvent.ActorRole.CUSTOMER,
        OrderEvent.ActorRole.VENDOR,
        OrderEvent.ActorRole.STAFF,
    ]
    return (order.status == Order.Status.CANCELLED and order.confirmed_at is None
            and not OrderEvent.objects.filter(order=order, kind="status", actor_role__in=people).exists())  # fmt: skip


def _reinstate(order: Order) -> bool:
    """Take the released units back from stock and reopen the order; all or nothing."""
    released = list(
        StockReservation.objects.select_for_update()
        .filter(order=order, status=R.RELEASED)
        .order_by("variant_id", "id")
    )
    try:
        with atomic():
            if any(r.variant_id is None for r in released):
                raise _OutOfStock
            quantities: dict[int, int] = {}
            for reservation in released:
                vid = int(reservation.variant_id)  # type: ignore[arg-type]
                quantities[vid] = quantities.get(vid, 0) + reservation.quantity
            try:
                # Checkout's own stock taking: same lock order, and cached pages learn of a sell-out.
                take_stock(quantities, {})
            except ApplicationError as exc:
                raise _OutOfStock from exc
            StockReservation.objects.filter(pk__in=[r.pk for r in released]).update(
                status=R.ACTIVE, released_at=None
            )
            reopened = VendorOrder.objects.filter(order=order, status=VendorOrder.Status.CANCELLED)
            note = _("Payment arrived after the hold expired; the stock was reserved again.")
            for vendor_order in reopened:
                order_event(order=order, vendor_order=vendor_order, actor=None, role=Role.SYSTEM,
                            from_status=vendor_order.status, to_status=VendorOrder.Status.PENDING,
                            note=note, data={"reinstated": True})  # fmt: skip
            reopened.update(status=VendorOrder.Status.PENDING, cancelled_at=None)
            order_event(order=order, actor=None, role=Role.SYSTEM, from_status=order.status,
                        to_status=Order.Status.PENDING, note=note, data={"reinstated": True})  # fmt: skip
            Order.objects.filter(pk=order.pk).update(status=Order.Status.PENDING, cancelled_at=None)
    except _OutOfStock:
        return False
    return True


def sync_payment_status(payment: Any) -> None:
    order = _order_for(payment)
    if order is None:
        return
    status = _ORDER_PAYMENT_STATUS.get(payment.status, Order.PaymentStatus.PENDING)
    if payment.method == "cod" and payment.status == "pending":
        status = Order.PaymentStatus.CASH_ON_DELIVERY
    if order.payment_status != status:
        Order.objects.filter(pk=order.pk).update(payment_status=status, updated_at=timezone.now())


def payment_paid(payment: Any) -> None:
    """The money is in: confirm the order, keeping its stock (or refund if it is gone)."""
    from globalmarket.orders.services import order_mark_paid

    order = _order_for(payment)
    if order is None:
        return
    reinstated = False
    if _cancelled_only_by_expiry(order):
        reinstated = _reinstate(order)
        order.refresh_from_db()
    data = {"payment": str(payment.public_id), "amount": str(quantize(payment.captured_amount, payment.currency)),
            "method": payment.method, "transaction_id": payment.transaction_id, "reinstated": reinstated}  # fmt: skip
    if order.status not in {Order.Status.CANCELLED, Order.Status.REFUNDED}:
        was_pending = order.status == Order.Status.PENDING
        order_mark_paid(order=order)  # writes the "payment received" event and confirms
        if not was_pending:
            return  # e.g. cash collected on a confirmed order: nothing new to tell the shopper
        message = (_("Your payment arrived after the reservation had expired; the items were still "
                     "available and are reserved for you again. Your order is confirmed.") if reinstated
                   else _("We received your payment. Your order is confirmed."))  # fmt: skip
        notify_customer(order, kind="payment_received", message=message, key=str(payment.public_id),
                        subject=_("Payment received for order %(number)s") % {"number": order.number})  # fmt: skip
        return
    # Paid, but the order can no longer be fulfilled (stock gone, or cancelled meanwhile).
    reason = "out_of_stock" if _cancelled_only_by_expiry(order) else "order_closed"
    Order.objects.filter(pk=order.pk).update(payment_status=Order.PaymentStatus.PAID, paid_at=timezone.now(),
                                             updated_at=timezone.now())  # fmt: skip
    order_event(
        order=order,
        actor=None,
        role=Role.SYSTEM,
        kind="payment",
        data={**data, "reason": reason},
        note=_(
            "Payment received after the order could no longer be fulfilled; it is refunded automatically."
        ),
    )
    from .tasks import refund_automatic_task

    enqueue_on_commit(refund_automatic_task, payment.pk, reason)
    notify_customer(order, kind="payment_refunded_automatically", key=str(payment.public_id),
                    subject=_("Order %(number)s could not be completed") % {"number": order.number},
                    message=_("Your payment arrived after the items were no longer available. "
                              "The order is cancelled and the full amount is refunded."))  # fmt: skip


def payment_failed(payment: Any) -> None:
    """The order stays pending with its stock reserved until the reservation expires."""
    order = _order_for(payment)
    if order is None:
        return
    Order.objects.filter(pk=order.pk).update(payment_status=Order.PaymentStatus.FAILED,
                                             updated_at=timezone.now())  # fmt: skip
    order_event(order=order, actor=None, role=Role.SYSTEM, kind="payment", note=_("Payment attempt failed."),
                data={"payment": str(payment.public_id), "failure_code": payment.failure_code})  # fmt: skip


def refund_succeeded(refund: Any) -> None:
    """Record the refund on the order (and vendor order) timeline and tell the customer."""
    payment = refund.payment
    order = _order_for(payment)
    if order is None:
        return
    status = (Order.PaymentStatus.REFUNDED if payment.status == "refunded"
              else Order.PaymentStatus.PARTIALLY_REFUNDED)  # fmt: skip
    updates: dict[str, Any] = {"payment_status": status, "updated_at": timezone.now()}
    if status == Order.PaymentStatus.REFUNDED and order.status != Order.Status.CANCELLED:
        updates["status"] = Order.Status.REFUNDED
    Order.objects.filter(pk=order.pk).update(**updates)
    role = Role.SYSTEM
    if refund.requested_by is not None:
        role = Role.STAFF if refund.requested_by.staff_role or \
            refund.requested_by.is_platform_admin else Role.VENDOR  # fmt: skip
    order_event(order=order, kind="refund", vendor_order=refund.vendor_order, actor=refund.requested_by,
                role=role, note=refund.reason, from_status=order.status,
                to_status=updates.get("status", order.status),
                data={"refund": str(refund.public_id), "amount": str(refund.amount), "currency": refund.currency,
                      "lines": refund.lines, "automatic": refund.automatic})  # fmt: skip
    if not refund.automatic:
        notify_customer(order, kind="refund", key=str(refund.public_id),
                        subject=_("Refund for order %(number)s") % {"number": order.number},
                        message=_("%(amount)s %(currency)s has been refunded to you.")
                        % {"amount": quantize(refund.amount, refund.currency), "currency": refund.currency})  # fmt: skip
