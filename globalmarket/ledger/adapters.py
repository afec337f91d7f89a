"""Thin wrappers that turn order objects into posting events (see posting.py for the rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic

from . import posting
from .commission import line_commission
from .invoices import invoice_issue_for_vendor_order
from .models import LedgerTransaction

ZERO = Decimal(0)
COD_METHODS = {"cod", "cash_on_delivery"}


def is_cash_on_delivery(order: Any) -> bool:
    return order.payment_method in COD_METHODS or order.payment_status == "cod"


def refunded_before_delivery(vendor_order_id: int) -> Decimal:
    metas = LedgerTransaction.objects.filter(
        kind=LedgerTransaction.Kind.REFUND, reference_type="vendor_order",
        reference_id=str(vendor_order_id), metadata__after_delivery="",
    ).values_list("metadata", flat=True)  # fmt: skip
    return sum((Decimal(m["amount"]) for m in metas), ZERO)


def delivery_event(vendor_order: Any) -> posting.VendorOrderDelivered:
    """The figures of a delivered vendor order: gross, VAT and commission, net of early refunds."""
    cur = vendor_order.currency
    total = quantize(vendor_order.total, cur)
    gross = total - refunded_before_delivery(vendor_order.pk)
    share = gross / total if total else ZERO
    commission = sum(
        (line_commission(line_net=line.line_net, rate=line.commission_rate, currency=cur)
         for line in vendor_order.lines.all()),
        ZERO,
    )  # fmt: skip
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
