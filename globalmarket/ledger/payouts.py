"""Vendor payouts: the periodic job, approval, outcomes. Every step is idempotent.

- The job creates at most one payout per vendor, currency and period (unique constraint),
  under a lock on the vendor row, from the vendor's ledger balance recomputed under that
  lock, and posts it to the ledger in the same transaction. Two jobs at once, or a rerun
  after a crash, therefore pay each vendor once.
- A failed or returned payout is posted back onto the vendor's balance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q, Sum
from django.utils import timezone

from globalmarket.audit.services import audit_log
from globalmarket.core.errors import Conflict, NotFound
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.models import Vendor

from . import posting
from .errors import LedgerError
from .models import Entry, LedgerTransaction, Payout, PayoutBatch
from .selectors import payable_balances, vendor_balance

logger = logging.getLogger(__name__)
Status = Payout.Status
ZERO = Decimal(0)


def payout_minimum(currency: str) -> Decimal:
    minimums: dict[str, str] = getattr(settings, "LEDGER_PAYOUT_MINIMUMS", {})
    return Decimal(str(minimums.get(currency.upper(), minimums.get("*", "25"))))


def period_bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(period_start, time.min), tz)
    end = timezone.make_aware(datetime.combine(period_end + timedelta(days=1), time.min), tz)
    return start, end


@dataclass(frozen=True)
class PeriodFigures:
    sales: Decimal
    commission: Decimal


def period_figures(
    vendor_id: int, currency: str, period_start: date, period_end: date
) -> PeriodFigures:
    """Gross sales delivered and net commission (after refunds) of a vendor in a period."""
    start, end = period_bounds(period_start, period_end)
    delivered = [
        LedgerTransaction.Kind.VENDOR_ORDER_DELIVERED,
        LedgerTransaction.Kind.COD_DELIVERED,
    ]
    totals = Entry.objects.filter(
        transaction__vendor_id=vendor_id, currency=currency, occurred_at__gte=start,
        occurred_at__lt=end,
    ).aggregate(
        sales=Sum("amount", filter=Q(transaction__kind__in=delivered, amount__gt=0,
                                     account__code__in=[posting.CUSTOMER_RECEIVABLE,
                                                        posting.cod_receivable(vendor_id)])),
        commission=Sum("amount", filter=Q(account__code=posting.COMMISSION_REVENUE)),
    )  # fmt: skip
    return PeriodFigures(sales=quantize(totals["sales"] or ZERO, currency),
                         commission=-quantize(totals["commission"] or ZERO, currency))  # fmt: skip


def payout_number(vendor_id: int, currency: str, period_end: date) -> str:
    return f"{require_tenant().code}-PO-{period_end:%Y%m%d}-{vendor_id}-{currency}"


def payouts_create(*, period_start: date, period_end: date) -> list[Payout]:
    """Create this period's payouts for every vendor owed at least the minimum (idempotent)."""
    created = []
    _, until = period_bounds(period_start, period_end)
    for (vendor_id, currency), balance in sorted(payable_balances(as_of=until).items()):
        if balance < payout_minimum(currency):
            continue
        payout = payout_create_for(vendor_id=vendor_id, currency=currency,
                                   period_start=period_start, period_end=period_end)  # fmt: skip
        if payout is not None:
            created.append(payout)
    return created


def payout_create_for(*, vendor_id: int, currency: str, period_start: date,
                      period_end: date) -> Payout | None:  # fmt: skip
    """One vendor's payout for the period, or None (exists already, below minimum, on hold)."""
    try:
        with atomic():
            vendor = Vendor.objects.select_for_update().filter(pk=vendor_id).first()
            if vendor is None or vendor.status != Vendor.Status.APPROVED:
                return None  # suspended vendors' money is held
            if Payout.objects.filter(
                vendor=vendor, currency=currency, period_end=period_end
            ).exists():
                return None
            # Under the lock nothing moves it. Earnings after the period wait for the next one;
            # payouts posted after the period end are in the balance (occurred_at is now).
            _, until = period_bounds(period_start, period_end)
            balance = min(vendor_balance(vendor_id, currency, as_of=until),
                          vendor_balance(vendor_id, currency))  # fmt: skip
            if balance < payout_minimum(currency):
                return None
            figures = period_figures(vendor_id, currency, period_start, period_end)
            rate = (
                (figures.commission / figures.sales).quantize(Decimal("0.0001"))
                if figures.sales
                else ZERO
            )
            method = str(vendor.payout_method)
            payout = Payout.objects.create(
                vendor=vendor, payout_number=payout_number(vendor_id, currency, period_end),
                period_start=period_start, period_end=period_end, total_sales=figures.sales,
                commission_rate=rate, commission_amount=figures.commission, payout_amount=balance,
                currency=currency, payment_method=method,
                bank_account=_masked_iban(vendor) if method == Payout.Method.BANK_TRANSFER else "",
                paypal_email=vendor.paypal_email if method == Payout.Method.PAYPAL else "",
            )  # fmt: skip
            posting.on_payout_sent(_event(payout))
            if figures.commission > 0:
                from .invoices import invoice_issue_for_payout

                invoice_issue_for_payout(payout=payout)  # what the platform kept, invoiced
            audit_log(action="payout.create", resource_type="payout", resource_id=payout.pk,
                      new={"vendor_id": vendor_id, "amount": balance, "currency": currency,
                           "period_end": period_end})  # fmt: skip
            return payout
    except IntegrityError:
        logger.info("payout for vendor %s %s %s exists already", vendor_id, currency, period_end)
        return None


def _masked_iban(vendor: Vendor) -> str:
    masked = getattr(vendor, "iban_masked", "")
    if masked:
        return str(masked)
    return f"**** {vendor.iban_last4}" if vendor.iban_last4 else ""


def _event(payout: Payout, **metadata: str) -> posting.PayoutEvent:
    provider = "paypal" if payout.payment_method == Payout.Method.PAYPAL else "bank"
    return posting.PayoutEvent(payout_id=payout.pk, vendor_id=payout.vendor_id,
                               amount=quantize(payout.payout_amount, payout.currency),
                               currency=payout.currency, provider=provider, metadata=metadata)  # fmt: skip


def _locked(payout_id: int) -> Payout:
    payout = Payout.objects.select_for_update().filter(pk=payout_id).first()
    if payout is None:
        raise NotFound("Payout not found.", code=LedgerError.PAYOUT_NOT_FOUND)
    return payout


def _move(payout: Payout, to: str, allowed: set[str], **fields: Any) -> bool:
    """Change status once: False when already there (a replay), Conflict when not allowed."""
    if payout.status == to:
        return False
    if payout.status not in allowed:
        raise Conflict(LedgerError.PAYOUT_STATE, f"A {payout.status} payout cannot become {to}.")
    before = payout.status
    payout.status = to
    for name, value in fields.items():
        setattr(payout, name, value)
    payout.save()
    audit_log(action=f"payout.{to}", resource_type="payout", resource_id=payout.pk,
              old={"status": before}, new={"status": to, **{k: v for k, v in fields.items()
                                                            if k != "approved_by_id"}})  # fmt: skip
    return True


def payout_approve(*, payout_id: int, actor: Any) -> Payout:
    """Finance approves: pending -> processing (it can then be exported or sent by PayPal)."""
    with atomic():
        payout = _locked(payout_id)
        _move(payout, Status.PROCESSING, {Status.PENDING}, approved_by_id=actor.pk,
              approved_at=timezone.now())  # fmt: skip
    return payout


def payout_mark_paid(*, payout_id: int) -> Payout:
    with atomic():
        payout = _locked(payout_id)
        if _move(
            payout, Status.PAID, {Status.PROCESSING, Status.UNRESOLVED}, paid_at=timezone.now()
        ):
            posting.on_payout_paid(_event(payout))
    return payout


def payout_mark_failed(*, payout_id: int, reason: str) -> Payout:
    """It never reached the vendor (rejected, cancelled): the money is back on the balance."""
    with atomic():
        payout = _locked(payout_id)
        allowed: set[str] = {Status.PENDING, Status.PROCESSING, Status.UNRESOLVED}
        if _move(payout, Status.FAILED, allowed, failed_at=timezone.now(), failure_reason=reason):
            posting.on_payout_failed(_event(payout, reason=reason))
    return payout


def payout_mark_returned(*, payout_id: int, reason: str) -> Payout:
    """The bank returned a paid payout: the money is back on the balance."""
    with atomic():
        payout = _locked(payout_id)
        if _move(payout, Status.RETURNED, {Status.PAID}, failed_at=timezone.now(),
                 failure_reason=reason):  # fmt: skip
            posting.on_payout_returned(_event(payout, reason=reason))
    return payout


def payout_mark_unresolved(*, payout_id: int, reason: str) -> Payout:
    """The outcome is unknown (bank silent): keep it in transit until someone resolves it."""
    with atomic():
        payout = _locked(payout_id)
        _move(payout, Status.UNRESOLVED, {Status.PROCESSING}, failure_reason=reason)
    return payout


def vendor_iban(vendor: Vendor) -> str:
    """The vendor's IBAN in clear, from the vendors app's encryption (empty if none)."""
    if not vendor.iban_encrypted:
        return ""
    try:
        from globalmarket.vendors.crypto import decrypt  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # vendors' encryption not merged yet
        return ""
    return str(decrypt(vendor.iban_encrypted))


def payouts_export_sepa(*, actor: Any, execution_date: date | None = None,
                        iban_of: Callable[[Vendor], str] | None = None) -> PayoutBatch:  # fmt: skip
    """Put every approved EUR bank-transfer payout not yet exported into one pain.001 file.

    Payouts are locked, so two exports at once never put a payout in two files; a payout
    already in a batch is never exported again (download the batch's file instead).
    """
    from .sepa.pain001 import Party, Transfer, build, check

    debtor = Party(**settings.LEDGER_SEPA_DEBTOR)
    iban_of = iban_of or vendor_iban
    with atomic():
        payouts = list(
            Payout.objects.select_for_update(of=("self",))
            .select_related("vendor")
            .filter(status=Status.PROCESSING, payment_method=Payout.Method.BANK_TRANSFER,
                    currency="EUR", batch__isnull=True)
            .order_by("id")
        )  # fmt: skip
        transfers = []
        missing = []
        for payout in payouts:
            iban = "".join(iban_of(payout.vendor).split()).upper()
            if not iban:
                missing.append(payout.payout_number)
                continue
            transfers.append(Transfer(
                end_to_end_id=payout.payout_number, amount=quantize(payout.payout_amount, "EUR"),
                creditor=Party(name=payout.vendor.account_holder or payout.vendor.name, iban=iban,
                               bic=payout.vendor.bic.upper()),
                remittance=f"GlobalMarket payout {payout.payout_number} "
                           f"{payout.period_start:%Y-%m-%d} - {payout.period_end:%Y-%m-%d}",
            ))  # fmt: skip
        if missing:
            raise Conflict(LedgerError.PAYOUT_NO_BANK_DETAILS,
                           f"No IBAN for payouts {', '.join(missing)}: mark them failed or fix "
                           "the vendors' bank details first.")  # fmt: skip
        if not transfers:
            raise Conflict(LedgerError.PAYOUT_STATE, "No approved bank-transfer payouts to export.")
        now = timezone.now()
        message_id = f"{require_tenant().code}-SEPA-{now:%Y%m%d%H%M%S}-{payouts[0].pk}"
        xml = build(message_id=message_id, created_at=now, debtor=debtor, transfers=transfers,
                    execution_date=execution_date or timezone.localdate())  # fmt: skip
        problems = check(xml)
        if problems:
            raise Conflict(LedgerError.PAYOUT_NO_BANK_DETAILS, "; ".join(problems))
        batch = PayoutBatch.objects.create(
            message_id=message_id, currency="EUR", count=len(transfers),
            control_sum=sum((t.amount for t in transfers), ZERO), xml=xml.decode(),
            created_by_id=getattr(actor, "pk", None),
        )  # fmt: skip
        Payout.objects.filter(pk__in=[p.pk for p in payouts]).update(batch=batch)
        audit_log(action="payout_batch.export", resource_type="payout_batch", resource_id=batch.pk,
                  new={"message_id": message_id, "payouts": [p.payout_number for p in payouts],
                       "control_sum": batch.control_sum})  # fmt: skip
    return batch
