"""Paying for an order: what checkout calls, and refunds of vendor orders."""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from globalmarket.core.errors import ApplicationError, Conflict, field_error
from globalmarket.core.money import quantize, to_minor_units
from globalmarket.orders.models import Order, OrderLine, VendorOrder
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.rows import insert_rows

from .errors import PaymentError
from .methods import check_method
from .models import Payment, PaymentAttempt, Refund
from .providers import get_provider, provider_name_for_method
from .providers.base import PaymentRequest, ProviderStatus
from .refunds import COUNTED, refund_create
from .services import cod_mark_collected, lock_payment, payment_start


@dataclass(frozen=True)
class PaymentStart:
    """What checkout needs to send the shopper on: a redirect, a client secret, or nothing."""

    payment: Payment
    attempt: PaymentAttempt
    status: str
    redirect_url: str
    client_secret: str


def payment_page_path(order: Order) -> str:
    return reverse("payments:order-payment", args=[order.number])


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.PAYMENTS_RETURN_SCHEME}://{require_tenant().domain}{path}"


def order_payment_start(
    *, order: Order, payment_token: str = "", method: str | None = None
) -> PaymentStart:
    """Start (or retry) paying `order` with its payment method; COD confirms the order at once."""
    if order.status != Order.Status.PENDING and not (
        order.payment_method == "cod" and method in (None, "cod")
    ):
        raise Conflict(PaymentError.ORDER_NOT_PAYABLE, "This order is no longer waiting for payment.",
                       extra={"status": order.status})  # fmt: skip
    method = method or order.payment_method
    country = str((order.shipping_address or {}).get("country", ""))
    check_method(require_tenant(), method, country)
    if method != order.payment_method:
        Order.objects.filter(pk=order.pk).update(payment_method=method, updated_at=timezone.now())
    current = _open_attempt(order, method) if not payment_token else None
    if current is not None:
        # Already on its way (double submit, or checkout and the page both starting it): resume.
        return PaymentStart(payment=current.payment, attempt=current, status=current.payment.status,
                            redirect_url=current.redirect_url, client_secret=current.client_secret)  # fmt: skip
    path = payment_page_path(order)
    provider = provider_name_for_method(method)
    payment, attempt = payment_start(
        order=order, order_number=order.number, amount=order.total, currency=order.currency,
        method=method, customer=order.customer, country=country, payment_token=payment_token,
        return_url=path if provider == "sandbox" else _absolute(path),
        payer_name=str((order.shipping_address or {}).get("name", ""))[:100],
    )  # fmt: skip
    if method == "cod":
        _cod_confirm(order, payment)
    attempt.refresh_from_db()
    return PaymentStart(payment=payment, attempt=attempt, status=payment.status,
                        redirect_url=attempt.redirect_url, client_secret=attempt.client_secret)  # fmt: skip


def cod_payment_open(*, order: Order) -> PaymentStart:
    """Cash on delivery at checkout: the payment and its attempt, inside the order's transaction.

    Nothing is charged online and no provider is called (the COD provider only names the
    reference), so this runs in the transaction that creates the order, after its number is
    taken; the caller creates the order already confirmed (payment status `cod`). The rows
    are exactly those `order_payment_start` leaves for a COD order: the payment and its
    attempt both `pending`, with the provider's reference. Two INSERTs, no locks needed: the
    order is not visible to anyone else before this transaction commits.
    """
    provider = get_provider("cod")
    amount = quantize(order.total, order.currency)
    payment = Payment(order=order, order_number=order.number, customer=order.customer,
                      method="cod", provider="cod", currency=order.currency, amount=amount)  # fmt: skip
    attempt = PaymentAttempt(payment=payment, provider="cod", method="cod", return_url=_absolute(payment_page_path(order)),
                             idempotency_key=f"gm-{payment.public_id}-{uuid.uuid4().hex[:12]}")  # fmt: skip
    state = provider.create(PaymentRequest(
        amount_minor=to_minor_units(amount, order.currency), currency=order.currency, method="cod",
        idempotency_key=attempt.idempotency_key, return_url=attempt.return_url,
        order_number=order.number, attempt_id=str(attempt.public_id),
        country=str((order.shipping_address or {}).get("country", "")),
    ))  # fmt: skip
    assert state.status is ProviderStatus.PENDING
    payment.provider_reference = attempt.provider_reference = state.reference
    attempt.status = PaymentAttempt.Status.PENDING
    insert_rows([payment])
    attempt.payment = payment
    insert_rows([attempt])
    return PaymentStart(payment=payment, attempt=attempt, status=payment.status,
                        redirect_url="", client_secret="")  # fmt: skip


def _open_attempt(order: Order, method: str) -> PaymentAttempt | None:
    """The current attempt if it still waits for the shopper with the same method."""
    payment = Payment.objects.filter(order=order).first()
    if (
        payment is None
        or payment.method != method
        or payment.status not in {"pending", "requires_action"}
    ):
        return None
    attempt = payment.attempts.filter(provider_reference=payment.provider_reference).exclude(
        provider_reference="").first()  # fmt: skip
    if attempt is None or attempt.status not in {"pending", "requires_action"}:
        return None
    if not (attempt.redirect_url or attempt.client_secret or method == "cod"):
        return None
    attempt.payment = payment
    return attempt


def _cod_confirm(order: Order, payment: Payment) -> None:
    """Cash on delivery: the order is confirmed at checkout and its held stock is sold."""
    from globalmarket.orders.services import order_confirm

    Order.objects.filter(pk=order.pk).update(payment_status=Order.PaymentStatus.CASH_ON_DELIVERY,
                                             updated_at=timezone.now())  # fmt: skip
    order_confirm(order=order, note="Cash on delivery.")
    order.refresh_from_db()


# --- Refunds of vendor orders ----------------------------------------------------------


def _lines_amount(
    vendor_order: VendorOrder, lines: list[dict[str, Any]]
) -> tuple[Decimal, list[dict[str, Any]]]:
    """Price refunded lines at what was paid for them (line total pro rata by quantity)."""
    by_id = {line.pk: line for line in OrderLine.objects.filter(vendor_order=vendor_order)}
    already: dict[int, int] = {}
    for refund in Refund.objects.filter(vendor_order=vendor_order, status__in=COUNTED):
        for item in refund.lines:
            already[int(item["line_id"])] = already.get(int(item["line_id"]), 0) + int(
                item["quantity"]
            )
    total = Decimal(0)
    priced: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, item in enumerate(lines):
        line = by_id.get(item["line_id"])
        if line is None or item["line_id"] in seen:
            raise ApplicationError(PaymentError.REFUND_AMOUNT_INVALID, "Unknown or repeated order line.",
                                   fields=field_error(f"lines.{index}.line_id", "not_found",
                                                      "No such line in this order."))  # fmt: skip
        seen.add(line.pk)
        if item["quantity"] > line.quantity - already.get(line.pk, 0):
            raise Conflict(PaymentError.REFUND_EXCEEDS_CAPTURED,
                           "More units than were bought (or not yet refunded) on this line.",
                           fields=field_error(f"lines.{index}.quantity", "max_value",
                                              "More than the refundable quantity."))  # fmt: skip
        amount = quantize(line.line_total * item["quantity"] / line.quantity, vendor_order.currency)
        total += amount
        priced.append({"line_id": line.pk, "quantity": item["quantity"], "amount": str(amount)})
    return total, priced


def vendor_order_refund(
    *,
    vendor_order: VendorOrder,
    reason: str,
    actor: Any,
    amount: Decimal | None = None,
    lines: list[dict[str, Any]] | None = None,
    actor_role: str | None = None,
) -> Refund:
    """Refund part or all of one vendor's order, by amount or by lines, never over what was paid."""
    payment = Payment.objects.filter(order_id=vendor_order.order_id).first()
    if payment is None or not payment.is_captured:
        raise Conflict(PaymentError.PAYMENT_NOT_CAPTURED, "This order has not been paid.")
    priced: list[dict[str, Any]] = []
    if lines:
        amount, priced = _lines_amount(vendor_order, lines)
    assert amount is not None
    return refund_create(payment=payment, amount=amount, reason=reason, actor=actor,
                         vendor_order_id=vendor_order.pk, limit=vendor_order.total, lines=priced,
                         actor_role=actor_role)  # fmt: skip


def cod_vendor_order_collected(
    *, vendor_order: VendorOrder, actor: Any, actor_role: str | None = None
) -> Payment:
    """Record the cash collected for one vendor order; the payment is paid once all are."""
    from globalmarket.audit.services import audit_log
    from globalmarket.orders.services import order_event

    payment = Payment.objects.filter(order_id=vendor_order.order_id).first()
    if payment is None or payment.method != "cod":
        raise Conflict(
            PaymentError.COD_NOT_COLLECTABLE, "This order is not paid in cash on delivery."
        )
    with atomic():
        payment = lock_payment(payment.pk, order_id=payment.order_id)
        if vendor_order.pk in payment.cod_collected:
            return payment
        if vendor_order.status in {VendorOrder.Status.CANCELLED, VendorOrder.Status.REJECTED}:
            raise Conflict(PaymentError.COD_NOT_COLLECTABLE, "This vendor order was cancelled.")
        payment.cod_collected = [*payment.cod_collected, vendor_order.pk]
        payment.save(update_fields=["cod_collected", "updated_at"])
        order_event(order=vendor_order.order, vendor_order=vendor_order, actor=actor, role="vendor", kind="payment",
                    note="Cash collected on delivery.",
                    data={"amount": str(quantize(vendor_order.total, vendor_order.currency))})  # fmt: skip
        audit_log(action="payment.cod_collected", resource_type="vendor_order", resource_id=vendor_order.pk,
                  new={"amount": vendor_order.total}, actor=actor, actor_role=actor_role)  # fmt: skip
        live = (
            VendorOrder.objects.filter(order_id=vendor_order.order_id)
            .exclude(status__in=[VendorOrder.Status.CANCELLED, VendorOrder.Status.REJECTED])
            .values_list("pk", flat=True)
        )
        if set(live) <= set(payment.cod_collected):
            payment = cod_mark_collected(payment=payment, actor=actor)
    return payment
