"""Refunds: never more than was captured, under any concurrency.

The amount is reserved first by a conditional UPDATE (`refunded + amount <= captured`)
in its own transaction, then the provider is asked; a provider failure releases the
reservation. Two concurrent refunds that together exceed the captured amount cannot
both pass the UPDATE, and the CHECK constraint on the table is the backstop.
"""

import logging
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from globalmarket.audit.services import audit_log
from globalmarket.core.errors import ApplicationError, Conflict, field_error
from globalmarket.core.money import quantize, to_minor_units
from globalmarket.tenancy.db import atomic

from . import hooks
from .errors import PaymentError
from .models import Payment, PaymentEvent, Refund
from .providers import get_provider
from .providers.base import ProviderError
from .services import lock_payment

logger = logging.getLogger(__name__)
S = Payment.Status


COUNTED = [Refund.Status.PENDING, Refund.Status.SUCCEEDED]  # what is (being) given back


def _refunded(*, payment: Payment, vendor_order_id: int | None = None) -> dict[int, Decimal]:
    """Amounts refunded (or being refunded) per vendor order of a payment: one SUM query."""
    qs = Refund.objects.filter(payment=payment, status__in=COUNTED, vendor_order__isnull=False)
    if vendor_order_id is not None:
        qs = qs.filter(vendor_order_id=vendor_order_id)
    rows = qs.values("vendor_order_id").annotate(total=Sum("amount")).order_by()
    return {row["vendor_order_id"]: row["total"] for row in rows}


def refund_create(
    *,
    payment: Payment,
    amount: Decimal,
    reason: str,
    actor: Any = None,
    vendor_order_id: int | None = None,
    limit: Decimal | None = None,
    lines: list[dict[str, Any]] | None = None,
    automatic: bool = False,
    actor_role: str | None = None,
) -> Refund:
    """Refund `amount` of a captured payment; `limit` caps refunds of one vendor order."""
    amount = quantize(amount, payment.currency)
    if amount <= 0:
        raise ApplicationError(PaymentError.REFUND_AMOUNT_INVALID, "The refund amount must be positive.",
                               fields=field_error("amount", "min_value", "Must be more than zero."))  # fmt: skip
    with atomic():
        locked = lock_payment(payment.pk, order_id=payment.order_id)
        if not locked.is_captured:
            raise Conflict(
                PaymentError.PAYMENT_NOT_CAPTURED, "Nothing has been paid on this order yet."
            )
        if limit is not None and vendor_order_id is not None:
            done = _refunded(payment=locked, vendor_order_id=vendor_order_id).get(
                vendor_order_id, Decimal(0)
            )
            if done + amount > limit:
                raise Conflict(PaymentError.REFUND_EXCEEDS_CAPTURED,
                               "The refund exceeds what was paid for this order.",
                               extra={"refundable": str(quantize(limit - done, locked.currency))})  # fmt: skip
        reserved = Payment.objects.filter(
            pk=locked.pk, refunded_amount__lte=F("captured_amount") - amount
        ).update(refunded_amount=F("refunded_amount") + amount)
        if not reserved:
            raise Conflict(PaymentError.REFUND_EXCEEDS_CAPTURED,
                           "The refund exceeds what was captured.",
                           extra={"refundable": str(quantize(locked.refundable_amount, locked.currency))})  # fmt: skip
        refund = Refund.objects.create(
            payment=locked, vendor_order_id=vendor_order_id, amount=amount,
            currency=locked.currency, reason=reason, lines=lines or [],
            requested_by=actor, automatic=automatic,
        )  # fmt: skip
        audit_log(action="refund.create", resource_type="payment", resource_id=locked.pk,
                  old={"refunded_amount": locked.refunded_amount},
                  new={"refunded_amount": locked.refunded_amount + amount, "refund": str(refund.public_id),
                       "amount": amount, "reason": reason, "vendor_order": vendor_order_id, "lines": lines or []},
                  actor=actor, actor_role=actor_role or ("system" if automatic else None))  # fmt: skip
    provider = get_provider(locked.provider)
    try:
        result = provider.refund(
            reference=locked.provider_reference, transaction_id=locked.transaction_id,
            amount_minor=to_minor_units(amount, locked.currency), currency=locked.currency,
            idempotency_key=f"gm-refund-{refund.public_id}", reason=reason,
        )  # fmt: skip
    except ProviderError as exc:
        logger.warning("refund %s refused by %s: %s", refund.public_id, locked.provider, exc.code)
        with atomic():
            # The release writes the payment row: lock its order first, like every payment write.
            lock_payment(locked.pk, order_id=locked.order_id)
            Payment.objects.filter(pk=locked.pk).update(
                refunded_amount=F("refunded_amount") - amount
            )
            Refund.objects.filter(pk=refund.pk).update(status=Refund.Status.FAILED,
                                                       failure_message=exc.message[:255])  # fmt: skip
        raise ApplicationError(PaymentError.REFUND_FAILED, "The payment provider refused the refund.",
                               status=502) from exc  # fmt: skip
    with atomic():
        locked = lock_payment(locked.pk, order_id=locked.order_id)
        refund.status = Refund.Status.SUCCEEDED
        refund.provider_reference = result.reference[:128]
        refund.save(update_fields=["status", "provider_reference", "updated_at"])
        previous = locked.status
        locked.status = (
            S.REFUNDED if locked.refunded_amount >= locked.captured_amount else S.PARTIALLY_REFUNDED
        )
        locked.save(update_fields=["status", "updated_at"])
        if previous != locked.status:
            PaymentEvent.objects.create(payment=locked, from_status=previous, to_status=locked.status,
                                        source="refund", note=f"refund {refund.public_id}")  # fmt: skip
        refund.payment = locked
        hooks.refund_succeeded(refund)
    return refund


def refund_automatic(*, payment_id: int, reason: str) -> list[Refund]:
    """Refund everything still refundable (the platform cannot deliver what was paid for).

    One refund per vendor order (what the ledger books refunds against), then any rest.
    Safe to run again: what is already refunded is not refunded twice.
    """
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None or not payment.is_captured or payment.refundable_amount <= 0:
        return []
    done: list[Refund] = []
    if payment.order_id is not None:
        from globalmarket.orders.models import VendorOrder

        vendor_orders = VendorOrder.objects.filter(order_id=payment.order_id).order_by("pk")
        refunded = _refunded(payment=payment)  # all vendor orders at once, not one query each
        for vendor_order in vendor_orders.only("pk", "total"):
            amount = min(vendor_order.total - refunded.get(vendor_order.pk, Decimal(0)),
                         payment.refundable_amount)  # fmt: skip
            if amount > 0:
                refund = refund_create(payment=payment, amount=amount, reason=reason, automatic=True,
                                       vendor_order_id=vendor_order.pk, limit=vendor_order.total)  # fmt: skip
                done.append(refund)
                payment = (
                    refund.payment
                )  # as refund_create left it (locked, refunded amount updated)
    payment.refresh_from_db()
    if payment.refundable_amount > 0:
        done.append(refund_create(payment=payment, amount=payment.refundable_amount, reason=reason,
                                  automatic=True))  # fmt: skip
    return done


def refund_duplicate_attempt(*, attempt_id: int) -> str:
    """Give back the money of a second successful attempt (idempotent at the provider)."""
    from .models import PaymentAttempt

    attempt = PaymentAttempt.objects.select_related("payment").filter(pk=attempt_id).first()
    if attempt is None or attempt.status != PaymentAttempt.Status.SUCCEEDED:
        return ""
    payment = attempt.payment
    if attempt.provider_reference == payment.provider_reference:
        return ""  # it is the payment's own capture, refunded (if ever) through refund_create
    result = get_provider(attempt.provider).refund(
        reference=attempt.provider_reference, transaction_id=attempt.transaction_id,
        amount_minor=to_minor_units(payment.amount, payment.currency), currency=payment.currency,
        idempotency_key=f"gm-duplicate-{attempt.public_id}", reason="Duplicate payment",
    )  # fmt: skip
    with atomic():
        PaymentEvent.objects.create(payment=payment, attempt=attempt, from_status=payment.status,
                                    to_status=payment.status, source="refund",
                                    note=f"duplicate capture refunded ({result.reference})"[:255])  # fmt: skip
    return result.reference
