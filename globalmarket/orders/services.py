"""Order writes: status transitions with their timeline, cancel, returns, notes, payment.

Every change locks the customer order row first (then works on its vendor orders), so two
transitions of one order never interleave and the derived status is always recomputed
from what is committed.
"""

from typing import Any

from django.utils import timezone

from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.tenancy.db import atomic

from . import auditing
from .carriers import CARRIERS, tracking_url
from .errors import OrderError
from .models import Order, OrderEvent, VendorOrder
from .state import NOT_YET_SHIPPED, V, can_transition, derive_order_status

Role = OrderEvent.ActorRole
_TIMESTAMP: dict[str, str] = {V.ACCEPTED: "accepted_at", V.SHIPPED: "shipped_at", V.DELIVERED: "delivered_at",
              V.CANCELLED: "cancelled_at", V.REJECTED: "cancelled_at", V.RETURNED: "returned_at"}  # fmt: skip


def _actor(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def order_event_row(*, order: Order, actor: Any, role: str, kind: str = "status", from_status: str = "",
                    to_status: str = "", note: str = "", vendor_order: VendorOrder | None = None,
                    data: dict[str, Any] | None = None) -> OrderEvent:  # fmt: skip
    """An unsaved timeline event, for `OrderEvent.objects.bulk_create` of several at once."""
    return OrderEvent(
        order=order, vendor_order=vendor_order, actor=_actor(actor), actor_role=role, kind=kind,
        from_status=from_status, to_status=to_status, note=note[:2000], data=data or {},
    )  # fmt: skip


def order_event(*, order: Order, actor: Any, role: str, kind: str = "status", from_status: str = "",
                to_status: str = "", note: str = "", vendor_order: VendorOrder | None = None,
                data: dict[str, Any] | None = None) -> OrderEvent:  # fmt: skip
    event = order_event_row(order=order, actor=actor, role=role, kind=kind, from_status=from_status,
                            to_status=to_status, note=note, vendor_order=vendor_order, data=data)  # fmt: skip
    event.save()
    return event


def _lock(order: Order) -> tuple[Order, list[VendorOrder]]:
    locked = Order.objects.select_for_update().get(pk=order.pk)
    vendor_orders = list(
        VendorOrder.objects.select_for_update().filter(order=locked).order_by("pk")
    )
    return locked, vendor_orders


def _refresh_status(
    order: Order, vendor_orders: list[VendorOrder], *, actor: Any, role: str
) -> None:
    status = derive_order_status(order, [vo.status for vo in vendor_orders])
    if status != order.status:
        order_event(order=order, actor=actor, role=role, from_status=order.status, to_status=status)
        order.status = status
        if status == Order.Status.CANCELLED and order.cancelled_at is None:
            order.cancelled_at = timezone.now()
        order.save(update_fields=["status", "cancelled_at", "updated_at"])


def _move(order: Order, vo: VendorOrder, target: str, *, actor: Any, role: str, note: str = "",
          data: dict[str, Any] | None = None) -> None:  # fmt: skip
    if not can_transition(vo.status, target):
        raise Conflict(OrderError.INVALID_TRANSITION,
                       f"Vendor order {vo.number} cannot go from {vo.status} to {target}.",
                       extra={"from_status": vo.status, "to_status": target})  # fmt: skip
    before = vo.status
    vo.status = target
    setattr(vo, _TIMESTAMP[target], timezone.now())
    vo.save()
    order_event(order=order, vendor_order=vo, actor=actor, role=role, from_status=before,
                to_status=target, note=note, data=data)  # fmt: skip
    if target == V.DELIVERED:
        from globalmarket.ledger.adapters import on_vendor_order_delivered_for

        on_vendor_order_delivered_for(vo)  # earnings, commission, VAT and the VAT invoice
    if target in {V.CANCELLED, V.REJECTED}:
        from globalmarket.checkout.reservations import return_stock

        return_stock(
            order, set(vo.lines.exclude(variant=None).values_list("variant_id", flat=True))
        )
    if role in (Role.VENDOR, Role.STAFF):
        auditing.record(actor=actor, role=role, action=f"vendor_order.{target}", resource=vo,
                        old={"status": before}, new={"status": target, **(data or {})})  # fmt: skip


def vendor_order_transition(*, vendor_order: VendorOrder, target: str, actor: Any, role: str,
                            note: str = "", carrier: str = "", tracking_number: str = "") -> VendorOrder:  # fmt: skip
    """Move one vendor order (accept, reject, ship, deliver, returned) and re-derive the order."""
    data: dict[str, Any] = {}
    with atomic():
        order, vendor_orders = _lock(vendor_order.order)
        vo = next(v for v in vendor_orders if v.pk == vendor_order.pk)
        if target == V.SHIPPED and can_transition(vo.status, target):
            if carrier not in CARRIERS:
                raise ApplicationError(OrderError.UNKNOWN_CARRIER, "Unknown carrier.", fields={
                    "carrier": [{"code": str(OrderError.UNKNOWN_CARRIER),
                                 "message": f"One of {', '.join(CARRIERS)}."}]})  # fmt: skip
            vo.carrier = carrier
            vo.tracking_number = tracking_number
            vo.tracking_url = tracking_url(carrier, tracking_number, order.shipping_address)
            data = {"carrier": carrier, "tracking_number": tracking_number}
        if target == V.REJECTED:
            vo.rejection_reason = note
        if target == V.RETURNED and vo.return_requested_at is None and role == Role.VENDOR:
            raise Conflict(
                OrderError.RETURN_NOT_ALLOWED, "The customer has not asked for a return."
            )
        _move(order, vo, target, actor=actor, role=role, note=note, data=data)
        _refresh_status(order, vendor_orders, actor=actor, role=role)
    if target == V.SHIPPED:
        from .notifications import notify_shipped

        notify_shipped(vo)
    return vo


def order_cancel(*, order: Order, actor: Any, role: str, note: str = "") -> Order:
    """Cancel every vendor order not yet shipped; refused once anything has shipped."""
    with atomic():
        order, vendor_orders = _lock(order)
        open_parts = [vo for vo in vendor_orders if vo.status in NOT_YET_SHIPPED]
        shipped = [
            vo
            for vo in vendor_orders
            if vo.status not in NOT_YET_SHIPPED | {V.CANCELLED, V.REJECTED}
        ]
        if not open_parts or (shipped and role == Role.CUSTOMER):
            raise Conflict(OrderError.NOT_CANCELLABLE,
                           f"Order {order.number} cannot be cancelled in status {order.status}.",
                           extra={"status": order.status})  # fmt: skip
        for vo in open_parts:
            _move(order, vo, V.CANCELLED, actor=actor, role=role, note=note)
        _refresh_status(order, vendor_orders, actor=actor, role=role)
        if role == Role.STAFF:
            auditing.record(actor=actor, role=role, action="order.cancel", resource=order,
                            new={"status": order.status, "note": note})  # fmt: skip
    return order


def order_request_return(*, order: Order, actor: Any, reason: str) -> Order:
    with atomic():
        order, vendor_orders = _lock(order)
        delivered = [
            vo
            for vo in vendor_orders
            if vo.status == V.DELIVERED and vo.return_requested_at is None
        ]
        if not delivered:
            raise Conflict(OrderError.RETURN_NOT_ALLOWED,
                           "A return can be requested only for delivered items.",
                           extra={"status": order.status})  # fmt: skip
        now = timezone.now()
        for vo in delivered:
            vo.return_requested_at = now
            vo.return_reason = reason
            vo.save(update_fields=["return_requested_at", "return_reason", "updated_at"])
            order_event(order=order, vendor_order=vo, actor=actor, role=Role.CUSTOMER,
                        kind="return_requested", note=reason)  # fmt: skip
    return order


def order_add_note(*, order: Order, actor: Any, note: str) -> Order:
    with atomic():
        order, _ = _lock(order)
        stamp = timezone.now().strftime("%Y-%m-%d %H:%M")
        order.internal_note = f"{order.internal_note}\n[{stamp}] {note}".strip()
        order.save(update_fields=["internal_note", "updated_at"])
        order_event(order=order, actor=actor, role=Role.STAFF, kind="note", note=note)
        auditing.record(
            actor=actor, role=Role.STAFF, action="order.note", resource=order, new={"note": note}
        )
    return order


def order_confirm(
    *, order: Order, actor: Any = None, role: str = Role.SYSTEM, note: str = ""
) -> Order:
    """Payment is settled (or cash on delivery): sell the held stock and confirm the order."""
    from globalmarket.checkout.reservations import commit_reservations

    with atomic():
        order, vendor_orders = _lock(order)
        if order.confirmed_at is not None:
            return order
        commit_reservations(order)
        order.confirmed_at = timezone.now()
        order.save(update_fields=["confirmed_at", "updated_at"])
        before = order.status
        _refresh_status(order, vendor_orders, actor=actor, role=role)
        if note and before == order.status:
            order_event(order=order, actor=actor, role=role, kind="note", note=note)
    return order


def order_mark_paid(*, order: Order, actor: Any = None) -> Order:
    """For payments: a verified payment arrived. Idempotent."""
    with atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.payment_status != Order.PaymentStatus.PAID:
            locked.payment_status = Order.PaymentStatus.PAID
            locked.paid_at = timezone.now()
            locked.save(update_fields=["payment_status", "paid_at", "updated_at"])
            order_event(
                order=locked,
                actor=actor,
                role=Role.SYSTEM,
                kind="payment",
                note="Payment received.",
            )
        return order_confirm(order=locked, actor=actor)


def order_expire(*, order: Order) -> bool:
    """Cancel an unpaid order whose stock hold ran out; True when it was cancelled."""
    with atomic():
        order, vendor_orders = _lock(order)
        if order.confirmed_at is not None or order.status != Order.Status.PENDING:
            return False
        for vo in vendor_orders:
            if vo.status in NOT_YET_SHIPPED:
                _move(order, vo, V.CANCELLED, actor=None, role=Role.SYSTEM,
                      note="The payment window expired.")  # fmt: skip
        _refresh_status(order, vendor_orders, actor=None, role=Role.SYSTEM)
    return True
