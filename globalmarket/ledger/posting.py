"""Posting rules: the one place that turns business events into ledger transactions.

Each hook takes a plain frozen dataclass (amounts, ids, currency, country), posts one
balanced transaction with an idempotency key derived from the event (calling it twice
posts once) and returns it. Call a hook inside the transaction that records the event
(e.g. the payment's status change), so both commit or neither does. The accounting
model is documented in docs/ledger.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic

from .errors import LedgerError
from .models import LedgerTransaction
from .services import Leg, post

Kind = LedgerTransaction.Kind
ZERO = Decimal(0)


# --- Account codes -------------------------------------------------------------------------
def provider_cash(provider: str) -> str:
    return f"provider_cash:{provider}"


def vendor_payable(vendor_id: int) -> str:
    return f"vendor_payable:{vendor_id}"


def cod_receivable(vendor_id: int) -> str:
    return f"cod_receivable:{vendor_id}"


def vat_payable(country: str) -> str:
    return f"vat_payable:{country.upper()}"


CUSTOMER_RECEIVABLE = "customer_receivable"
COMMISSION_REVENUE = "commission_revenue"
PAYOUTS_IN_TRANSIT = "payouts_in_transit"
REFUNDS = "refunds"


# --- Events --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentCaptured:
    """The provider confirmed it holds the customer's money for a customer order."""

    payment_id: str | int
    order_id: str | int
    amount: Decimal
    currency: str
    provider: str  # "stripe", "paypal", ...
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class VendorOrderDelivered:
    """A prepaid vendor order was delivered: the vendor has earned it.

    `gross` is what the customer paid for this vendor order (lines + shipping, VAT
    included) minus refunds made before delivery; `vat` the VAT contained in it;
    `commission` the sum of the lines' commission (`commission.commission_for_line`).
    When `platform_remits_vat` the platform keeps the VAT and remits it to `vat_country`;
    otherwise the vendor is paid it and remits it itself.
    """

    vendor_order_id: str | int
    vendor_id: int
    currency: str
    gross: Decimal
    vat: Decimal
    vat_country: str
    commission: Decimal
    platform_remits_vat: bool = True
    order_id: str | int = ""
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class CodDelivered(VendorOrderDelivered):
    """A cash-on-delivery vendor order was delivered and the vendor collected `gross`."""


@dataclass(frozen=True)
class RefundIssued:
    """Money went back to the customer for (part of) a vendor order.

    `provider` is where it left from ("stripe", ...) or "cash" when the vendor refunded a
    cash-on-delivery order itself. `returns_commission` None means the tenant's policy
    (`features["refund_returns_commission"]`, default True). `platform_funded` is the part
    the platform pays as goodwill (an expense), not taken from the vendor.
    """

    refund_id: str | int
    vendor_order_id: str | int
    vendor_id: int
    amount: Decimal
    currency: str
    provider: str
    returns_commission: bool | None = None
    platform_funded: Decimal = ZERO
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class PayoutEvent:
    """A payout of `amount` to a vendor; `provider` is the rail the money leaves by."""

    payout_id: str | int
    vendor_id: int
    amount: Decimal
    currency: str
    provider: str = "bank"
    occurred_at: datetime | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def _positive(name: str, value: Decimal, currency: str, *, allow_zero: bool = False) -> None:
    ok = isinstance(value, Decimal) and (value >= 0 if allow_zero else value > 0)
    if not ok or value != quantize(value, currency):
        raise ApplicationError(LedgerError.INVALID_POSTING,
                               f"{name} must be a positive {currency} amount, got {value!r}.")  # fmt: skip


# --- Hooks ---------------------------------------------------------------------------------
def on_payment_captured(event: PaymentCaptured) -> LedgerTransaction:
    """Dr provider_cash:<provider> / Cr customer_receivable: the customer prepaid.

    A payments.Payment becomes this event through adapters.payment_captured_event.
    """
    _positive("amount", event.amount, event.currency)
    cur = event.currency
    return post(
        key=f"payment_captured:{event.payment_id}", kind=Kind.PAYMENT_CAPTURED,
        legs=[Leg(provider_cash(event.provider), event.amount, cur),
              Leg(CUSTOMER_RECEIVABLE, -event.amount, cur)],
        reference_type="payment", reference_id=event.payment_id,
        description=f"Payment {event.payment_id} for order {event.order_id}",
        metadata={"order_id": str(event.order_id), "provider": event.provider},
        occurred_at=event.occurred_at,
    )  # fmt: skip


def _earning_legs(event: VendorOrderDelivered, debit_account: str) -> list[Leg]:
    cur = event.currency
    _positive("gross", event.gross, cur)
    _positive("vat", event.vat, cur, allow_zero=True)
    _positive("commission", event.commission, cur, allow_zero=True)
    vat_kept = event.vat if event.platform_remits_vat else ZERO
    return [
        Leg(debit_account, event.gross, cur),
        Leg(vendor_payable(event.vendor_id), -(event.gross - event.commission - vat_kept), cur),
        Leg(COMMISSION_REVENUE, -event.commission, cur),
        Leg(vat_payable(event.vat_country), -vat_kept, cur),
    ]


def _earning_metadata(event: VendorOrderDelivered) -> dict[str, str]:
    return {"order_id": str(event.order_id), "currency": event.currency, "gross": str(event.gross), "vat": str(event.vat),
            "vat_country": event.vat_country.upper(), "commission": str(event.commission),
            "platform_remits_vat": "1" if event.platform_remits_vat else ""}  # fmt: skip


def on_vendor_order_delivered(event: VendorOrderDelivered) -> LedgerTransaction:
    """Dr customer_receivable gross / Cr vendor_payable net, commission_revenue, vat_payable."""
    with atomic():
        _not_delivered_otherwise(f"cod_delivered:{event.vendor_order_id}")
        return post(
            key=f"vendor_order_delivered:{event.vendor_order_id}",
            kind=Kind.VENDOR_ORDER_DELIVERED, legs=_earning_legs(event, CUSTOMER_RECEIVABLE),
            reference_type="vendor_order", reference_id=event.vendor_order_id,
            vendor_id=event.vendor_id, description=f"Vendor order {event.vendor_order_id} delivered",
            metadata=_earning_metadata(event), occurred_at=event.occurred_at,
        )  # fmt: skip


def on_cod_delivered(event: CodDelivered) -> LedgerTransaction:
    """The vendor collected the cash: it earns the net and owes commission and VAT.

    Dr cod_receivable gross / Cr vendor_payable net, commission, VAT; then the cash the
    vendor holds is set off against its payable (Dr vendor_payable gross / Cr
    cod_receivable gross), so the vendor's balance drops by commission + VAT and is netted
    against its later earnings.
    """
    cur = event.currency
    legs = [
        *_earning_legs(event, cod_receivable(event.vendor_id)),
        Leg(vendor_payable(event.vendor_id), event.gross, cur),
        Leg(cod_receivable(event.vendor_id), -event.gross, cur),
    ]
    with atomic():
        _not_delivered_otherwise(f"vendor_order_delivered:{event.vendor_order_id}")
        return post(
            key=f"cod_delivered:{event.vendor_order_id}", kind=Kind.COD_DELIVERED, legs=legs,
            reference_type="vendor_order", reference_id=event.vendor_order_id,
            vendor_id=event.vendor_id,
            description=f"Vendor order {event.vendor_order_id} delivered, cash on delivery",
            metadata=_earning_metadata(event), occurred_at=event.occurred_at,
        )  # fmt: skip


def _not_delivered_otherwise(other_key: str) -> None:
    """The same event again is an idempotent replay (post() returns it); the other kind is a bug."""
    if LedgerTransaction.objects.filter(key=other_key).exists():
        raise Conflict(LedgerError.INVALID_POSTING, "This vendor order is already delivered.")


def _delivery(vendor_order_id: str | int) -> LedgerTransaction | None:
    return (
        LedgerTransaction.objects.filter(
            key__in=[
                f"vendor_order_delivered:{vendor_order_id}",
                f"cod_delivered:{vendor_order_id}",
            ]
        )
        .order_by("id")
        .first()
    )


def on_refund(event: RefundIssued) -> LedgerTransaction | None:
    """Post a refund; see docs/ledger.md for the legs before and after delivery.

    Returns None when the refund moves nothing in the ledger: a vendor paying cash back on
    a cash-on-delivery order that carried no commission and no VAT.
    """
    cur = event.currency
    _positive("amount", event.amount, cur)
    _positive("platform_funded", event.platform_funded, cur, allow_zero=True)
    key = f"refund:{event.refund_id}"
    with atomic():
        existing = LedgerTransaction.objects.filter(key=key).first()
        if existing is not None:
            return existing
        delivery = _delivery(event.vendor_order_id)
        legs = (
            _refund_before_delivery(event)
            if delivery is None
            else _refund_after_delivery(event, delivery)
        )
        if all(leg.amount == 0 for leg in legs):
            return None
        return post(
            key=key, kind=Kind.REFUND, legs=legs, reference_type="vendor_order",
            reference_id=event.vendor_order_id, vendor_id=event.vendor_id,
            description=f"Refund {event.refund_id} of vendor order {event.vendor_order_id}",
            metadata={"refund_id": str(event.refund_id), "amount": str(event.amount),
                      "provider": event.provider, "after_delivery": "1" if delivery else ""},
            occurred_at=event.occurred_at,
        )  # fmt: skip


def _refund_before_delivery(event: RefundIssued) -> list[Leg]:
    """Nothing was earned yet: the customer's prepayment goes back."""
    if event.provider == "cash":
        raise ApplicationError(LedgerError.INVALID_POSTING,
                               "A cash refund needs a delivered cash-on-delivery order.")  # fmt: skip
    cur = event.currency
    return [Leg(CUSTOMER_RECEIVABLE, event.amount, cur),
            Leg(provider_cash(event.provider), -event.amount, cur)]  # fmt: skip


def _refund_after_delivery(event: RefundIssued, delivery: LedgerTransaction) -> list[Leg]:
    cur = event.currency
    meta = delivery.metadata
    gross, vat, commission = (
        Decimal(meta["gross"]),
        Decimal(meta["vat"]),
        Decimal(meta["commission"]),
    )
    vat_kept = vat if meta.get("platform_remits_vat") else ZERO
    earlier = sum(
        (Decimal(m["amount"]) for m in LedgerTransaction.objects.filter(
            kind=Kind.REFUND, reference_type="vendor_order",
            reference_id=str(event.vendor_order_id), metadata__after_delivery="1",
        ).values_list("metadata", flat=True)),
        ZERO,
    )  # fmt: skip
    if earlier + event.amount > gross:
        raise ApplicationError(
            LedgerError.REFUND_EXCEEDS_PAID,
            f"Refunds would exceed the {gross} {cur} paid for this vendor order "
            f"({earlier} {cur} refunded already).",
        )
    if meta.get("currency", cur) != cur:
        raise ApplicationError(LedgerError.CURRENCY_MISMATCH,
                               f"The vendor order was paid in {meta['currency']}, not {cur}.")  # fmt: skip

    def share(total: Decimal) -> Decimal:
        # Cumulative rounding: the shares of all refunds add up exactly to `total`.
        after = quantize(total * (earlier + event.amount) / gross, cur)
        return after - quantize(total * earlier / gross, cur)

    returns = event.returns_commission
    if returns is None:
        returns = bool(require_tenant().features.get("refund_returns_commission", True))
    commission_back = share(commission) if returns else ZERO
    vat_back = share(vat_kept)
    country = meta["vat_country"]
    if event.provider == "cash":
        # The vendor gave the cash back itself: it no longer owes that commission and VAT.
        return [Leg(COMMISSION_REVENUE, commission_back, cur),
                Leg(vat_payable(country), vat_back, cur),
                Leg(vendor_payable(event.vendor_id), -(commission_back + vat_back), cur)]  # fmt: skip
    vendor_back = event.amount - commission_back - vat_back - event.platform_funded
    return [
        Leg(vendor_payable(event.vendor_id), vendor_back, cur),
        Leg(COMMISSION_REVENUE, commission_back, cur),
        Leg(vat_payable(country), vat_back, cur),
        Leg(REFUNDS, event.platform_funded, cur),
        Leg(provider_cash(event.provider), -event.amount, cur),
    ]


def _payout_posted(payout_id: str | int, step: str) -> bool:
    return LedgerTransaction.objects.filter(key=f"payout_{step}:{payout_id}").exists()


def _payout(
    event: PayoutEvent, kind: str, step: str, legs: list[Leg], text: str
) -> LedgerTransaction:
    _positive("amount", event.amount, event.currency)
    return post(
        key=f"payout_{step}:{event.payout_id}", kind=kind, legs=legs, reference_type="payout",
        reference_id=event.payout_id, vendor_id=event.vendor_id,
        description=f"Payout {event.payout_id} {text}",
        metadata={"amount": str(event.amount), "provider": event.provider, **event.metadata},
        occurred_at=event.occurred_at,
    )  # fmt: skip


def on_payout_sent(event: PayoutEvent) -> LedgerTransaction:
    """The payout is committed: Dr vendor_payable / Cr payouts_in_transit."""
    cur = event.currency
    return _payout(event, Kind.PAYOUT_SENT, "sent",
                   [Leg(vendor_payable(event.vendor_id), event.amount, cur),
                    Leg(PAYOUTS_IN_TRANSIT, -event.amount, cur)], "sent")  # fmt: skip


def on_payout_paid(event: PayoutEvent) -> LedgerTransaction:
    """The bank confirmed: Dr payouts_in_transit / Cr provider_cash:<provider>."""
    cur = event.currency
    with atomic():
        _require_step(event, "sent", missing="was never sent")
        _refuse_step(event, "failed", "already failed")
        return _payout(event, Kind.PAYOUT_PAID, "paid",
                       [Leg(PAYOUTS_IN_TRANSIT, event.amount, cur),
                        Leg(provider_cash(event.provider), -event.amount, cur)], "paid")  # fmt: skip


def on_payout_failed(event: PayoutEvent) -> LedgerTransaction:
    """It never left: Dr payouts_in_transit / Cr vendor_payable (back on the balance)."""
    cur = event.currency
    with atomic():
        _require_step(event, "sent", missing="was never sent")
        _refuse_step(event, "paid", "was paid; use on_payout_returned")
        return _payout(event, Kind.PAYOUT_FAILED, "failed",
                       [Leg(PAYOUTS_IN_TRANSIT, event.amount, cur),
                        Leg(vendor_payable(event.vendor_id), -event.amount, cur)], "failed")  # fmt: skip


def on_payout_returned(event: PayoutEvent) -> LedgerTransaction:
    """The bank sent a paid payout back: Dr provider_cash / Cr vendor_payable."""
    cur = event.currency
    with atomic():
        _require_step(event, "paid", missing="was never paid")
        return _payout(event, Kind.PAYOUT_RETURNED, "returned",
                       [Leg(provider_cash(event.provider), event.amount, cur),
                        Leg(vendor_payable(event.vendor_id), -event.amount, cur)], "returned")  # fmt: skip


def _require_step(event: PayoutEvent, step: str, *, missing: str) -> None:
    if not _payout_posted(event.payout_id, step):
        raise Conflict(LedgerError.PAYOUT_STATE, f"Payout {event.payout_id} {missing}.")


def _refuse_step(event: PayoutEvent, step: str, text: str) -> None:
    if _payout_posted(event.payout_id, step):
        raise Conflict(LedgerError.PAYOUT_STATE, f"Payout {event.payout_id} {text}.")


__all__ = [
    "CodDelivered", "PaymentCaptured", "PayoutEvent", "RefundIssued",
    "VendorOrderDelivered", "on_cod_delivered", "on_payment_captured", "on_payout_failed",
    "on_payout_paid", "on_payout_returned", "on_payout_sent", "on_refund",
    "on_vendor_order_delivered",
]  # fmt: skip
