"""Thin wrappers that turn order objects into posting events (see posting.py for the rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic

from . import posting
from .commission import commission_rate_for, line_commission
from .invoices import invoice_issue_for_vendor_order
from .models import LedgerTransaction

ZERO = Decimal(0)
COD_METHODS = {"cod", "cash_on_delivery"}


def is_cash_on_delivery(order: Any) -> bool:
    return order.payment_method in COD_METHODS or order.payment_status == "cod"


def refunded(vendor_order_ids: list[int], *, before_delivery: bool = False) -> dict[int, Decimal]:
    """What the ledger has refunded per vendor order (only before its delivery, if asked); one query."""
    rows = LedgerTransaction.objects.filter(
        kind=LedgerTransaction.Kind.REFUND, reference_type="vendor_order",
        reference_id__in=[str(pk) for pk in vendor_order_ids],
    )  # fmt: skip
    if before_delivery:
        rows = rows.filter(metadata__after_delivery="")
    totals = dict.fromkeys(vendor_order_ids, ZERO)
    for reference_id, metadata in rows.values_list("reference_id", "metadata"):
        totals[int(reference_id)] += Decimal(metadata["amount"])
    return totals


def refunded_before_delivery(vendor_order_id: int) -> Decimal:
    return refunded([vendor_order_id], before_delivery=True)[vendor_order_id]


def line_commission_of(line: Any, vendor_id: int, currency: str) -> Decimal:
    """From the rate frozen at purchase; lines sold before rates were frozen use today's rule."""
    if line.commission_rate is not None:
        return line_commission(line_net=line.line_net, rate=line.commission_rate, currency=currency)
    product = line.product
    terms = commission_rate_for(vendor_id=vendor_id, category=product.category if product else None)
    return terms.amount_for(quantize(line.line_net, currency), currency)


def delivery_event(vendor_order: Any) -> posting.VendorOrderDelivered:
    """The figures of a delivered vendor order: gross, VAT and commission, net of early refunds."""
    cur = vendor_order.currency
    total = quantize(vendor_order.total, cur)
    gross = total - refunded_before_delivery(vendor_order.pk)
    share = gross / total if total else ZERO
    commission = sum((line_commission_of(line, vendor_order.vendor_id, cur)
                      for line in vendor_order.lines.all()), ZERO)  # fmt: skip
    order = vendor_order.order
    country = (order.shipping_address or {}).get("country") or vendor_order.vendor.country
    cls = posting.CodDelivered if is_cash_on_delivery(order) else posting.VendorOrderDelivered
    return cls(
        vendor_order_id=vendor_order.pk, vendor_id=vendor_order.vendor_id, currency=cur,
        gross=gross, vat=quantize(vendor_order.tax * share, cur),
        vat_country=str(country).upper(), commission=min(quantize(commission * share, cur), gross),
        platform_remits_vat=bool(require_tenant().features.get("platform_remits_vat", True)),
        order_id=order.pk, occurred_at=vendor_order.delivered_at,
    )  # fmt: skip


def on_vendor_order_delivered_for(vendor_order: Any) -> LedgerTransaction | None:
    """Post a delivered vendor order (prepaid or cash on delivery) and issue its VAT invoice.

    Call inside the transaction that sets the vendor order to delivered. Returns None when
    everything was refunded before delivery (nothing was earned).
    """
    with atomic():
        event = delivery_event(vendor_order)
        txn = None
        if event.gross > 0:
            if isinstance(event, posting.CodDelivered):
                txn = posting.on_cod_delivered(event)
            else:
                txn = posting.on_vendor_order_delivered(event)
        invoice_issue_for_vendor_order(vendor_order=vendor_order)
        return txn


def payment_captured_event(payment: Any) -> posting.PaymentCaptured | None:
    """A payments.Payment that is paid, as a posting event (None for cash on delivery)."""
    if payment.provider == "cod" or payment.method == "cod":
        return None  # the cash is posted when the vendor order is delivered
    amount = quantize(payment.captured_amount or payment.amount, payment.currency)
    if amount <= 0:
        return None
    return posting.PaymentCaptured(payment_id=payment.pk, order_id=payment.order_id, amount=amount,
                                   currency=payment.currency, provider=payment.provider,
                                   occurred_at=payment.paid_at)  # fmt: skip


def refund_events(refund: Any) -> list[posting.RefundIssued]:
    """A succeeded payments.Refund as posting events: one per vendor order it concerns.

    A refund of the whole order (no vendor order, e.g. paid but out of stock) is split over
    the order's vendor orders in proportion to what is still paid for each (the last one
    takes the rounding remainder).
    """
    payment = refund.payment
    cur = refund.currency
    amount = quantize(refund.amount, cur)
    provider = "cash" if payment.provider == "cod" else payment.provider
    if refund.vendor_order_id is not None:
        parts = [(refund.vendor_order_id, refund.vendor_order.vendor_id, amount)]
    else:
        from globalmarket.orders.models import VendorOrder

        vendor_orders = list(VendorOrder.objects.filter(order_id=payment.order_id).order_by("pk"))
        done = refunded([vo.pk for vo in vendor_orders])
        remaining = {vo.pk: quantize(vo.total, cur) - done[vo.pk] for vo in vendor_orders}
        open_total = sum(remaining.values(), ZERO)
        parts, left = [], amount
        for index, vo in enumerate(vendor_orders):
            last = index == len(vendor_orders) - 1
            part = (
                left
                if last
                else min(left, quantize(amount * remaining[vo.pk] / open_total, cur))
                if open_total
                else ZERO
            )
            if part > 0:
                parts.append((vo.pk, vo.vendor_id, part))
                left -= part
    if provider == "cash":  # nothing was posted for an undelivered COD order: nothing to undo
        delivered = set(LedgerTransaction.objects.filter(
            kind=LedgerTransaction.Kind.COD_DELIVERED, reference_id__in=[str(p[0]) for p in parts],
        ).values_list("reference_id", flat=True))  # fmt: skip
        parts = [p for p in parts if str(p[0]) in delivered]
    return [
        posting.RefundIssued(refund_id=f"{refund.pk}:{vo_id}" if refund.vendor_order_id is None else refund.pk,
                             vendor_order_id=vo_id, vendor_id=vendor_id, amount=part, currency=cur,
                             provider=provider)
        for vo_id, vendor_id, part in parts
    ]  # fmt: skip


def on_refund_succeeded(refund: Any) -> list[LedgerTransaction]:
    """Post a succeeded payments.Refund (called by payments.hooks.refund_succeeded)."""
    with atomic():
        posted = [posting.on_refund(event) for event in refund_events(refund)]
    return [txn for txn in posted if txn is not None]
