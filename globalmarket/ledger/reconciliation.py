"""Check the ledger against itself, orders, payouts and payments; list every difference."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum

from globalmarket.core.money import quantize

from . import posting
from .adapters import delivery_event
from .models import Entry, LedgerTransaction, Payout
from .selectors import account_balance, unbalanced_transactions

Kind = LedgerTransaction.Kind
ZERO = Decimal(0)


def _posted_amount(txn: LedgerTransaction | None, account_prefix: str) -> Decimal:
    if txn is None:
        return ZERO
    return sum((e.amount for e in txn.entries.all() if e.account.code.startswith(account_prefix)
                and e.amount > 0), ZERO)  # fmt: skip


def check_balanced() -> list[str]:
    return [f"transaction {txn} does not balance in {cur}: {total}"
            for txn, cur, total in unbalanced_transactions()]  # fmt: skip


def check_payouts() -> list[str]:
    problems = []
    txns = {t.key: t for t in LedgerTransaction.objects.filter(reference_type="payout")
            .prefetch_related("entries__account")}  # fmt: skip
    expected_steps = {
        Payout.Status.PENDING: {"sent"}, Payout.Status.PROCESSING: {"sent"},
        Payout.Status.UNRESOLVED: {"sent"}, Payout.Status.PAID: {"sent", "paid"},
        Payout.Status.FAILED: {"sent", "failed"}, Payout.Status.RETURNED: {"sent", "paid", "returned"},
    }  # fmt: skip
    in_transit: dict[str, Decimal] = defaultdict(Decimal)
    for payout in Payout.objects.order_by("id"):
        amount = quantize(payout.payout_amount, payout.currency)
        steps = {
            s for s in ("sent", "paid", "failed", "returned") if f"payout_{s}:{payout.pk}" in txns
        }
        if steps != expected_steps[payout.status]:
            problems.append(f"payout {payout.payout_number} is {payout.status} but the ledger has "
                            f"{sorted(steps) or 'no postings'}")  # fmt: skip
        sent = txns.get(f"payout_sent:{payout.pk}")
        if sent is not None and _posted_amount(sent, "vendor_payable:") != amount:
            problems.append(f"payout {payout.payout_number}: {amount} {payout.currency} but "
                            f"{_posted_amount(sent, 'vendor_payable:')} posted")  # fmt: skip
        if payout.status in (
            Payout.Status.PENDING,
            Payout.Status.PROCESSING,
            Payout.Status.UNRESOLVED,
        ):
            in_transit[payout.currency] += amount
    currencies = set(in_transit) | set(
        Entry.objects.filter(account__code=posting.PAYOUTS_IN_TRANSIT).values_list(
            "currency", flat=True
        )
    )
    for cur in sorted(currencies):
        ledger = -account_balance(posting.PAYOUTS_IN_TRANSIT, cur)
        if ledger != in_transit[cur]:
            problems.append(
                f"payouts in transit {cur}: ledger {ledger}, open payouts {in_transit[cur]}"
            )
    return problems


def check_orders() -> list[str]:
    VendorOrder = apps.get_model("orders", "VendorOrder")
    problems = []
    deliveries = {
        t.reference_id: t
        for t in LedgerTransaction.objects.filter(
            kind__in=[Kind.VENDOR_ORDER_DELIVERED, Kind.COD_DELIVERED]
        )
    }
    delivered = (
        VendorOrder.objects.filter(status="delivered")
        .select_related("order", "vendor")
        .prefetch_related("lines")
    )
    seen = set()
    for vo in delivered:
        seen.add(str(vo.pk))
        txn = deliveries.get(str(vo.pk))
        expected = delivery_event(vo)
        if txn is None:
            if expected.gross > 0:
                problems.append(f"vendor order {vo.number} is delivered but not in the ledger")
            continue
        meta = txn.metadata
        for field in ("gross", "vat", "commission"):
            if Decimal(meta[field]) != getattr(expected, field):
                problems.append(f"vendor order {vo.number}: {field} {getattr(expected, field)} but "
                                f"{meta[field]} posted")  # fmt: skip
    returned_ok = set(VendorOrder.objects.filter(pk__in=[int(k) for k in deliveries if k.isdigit()])
                      .exclude(status="delivered").filter(status="returned")
                      .values_list("pk", flat=True))  # fmt: skip
    for reference_id, txn in deliveries.items():
        if reference_id not in seen and not (
            reference_id.isdigit() and int(reference_id) in returned_ok
        ):
            problems.append(f"ledger posts vendor order {reference_id} as delivered ({txn.key}), "
                            "but it is not delivered")  # fmt: skip
    return problems


def check_payments() -> list[str]:
    try:
        Payment = apps.get_model("payments", "Payment")
    except LookupError:
        return []
    if not hasattr(Payment, "captured_amount"):
        return []
    posted = dict(
        Entry.objects.filter(transaction__kind=Kind.PAYMENT_CAPTURED, amount__gt=0)
        .values_list("transaction__reference_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    problems = []
    for payment in Payment.objects.filter(captured_amount__gt=0).order_by("pk"):
        ledger = quantize(posted.pop(str(payment.pk), ZERO), payment.currency)
        if ledger != quantize(payment.captured_amount, payment.currency):
            problems.append(f"payment {payment.pk} ({payment.order_number}): captured "
                            f"{payment.captured_amount} but {ledger} in the ledger")  # fmt: skip
    for reference_id, total in posted.items():
        problems.append(
            f"ledger has a captured payment {reference_id} ({total}) that payments does not"
        )
    return problems


def reconcile() -> list[str]:
    """Every difference found; an empty list means the books agree."""
    return check_balanced() + check_payouts() + check_orders() + check_payments()
