"""Finance reports read from the ledger: vendor statements and the staff summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from globalmarket.core.money import quantize

from . import posting
from .models import Entry, LedgerTransaction, Payout
from .selectors import vendor_balance

Kind = LedgerTransaction.Kind
ZERO = Decimal(0)
TICK = timedelta(microseconds=1)  # periods include `since`; the opening balance is just before
DELIVERED = [Kind.VENDOR_ORDER_DELIVERED, Kind.COD_DELIVERED]


@dataclass
class Statement:
    vendor_id: int
    currency: str
    since: datetime | None
    until: datetime | None
    opening_balance: Decimal
    closing_balance: Decimal
    sales: Decimal
    commission: Decimal
    vat_withheld: Decimal
    cash_collected: Decimal
    # Changes of the vendor's balance in the period by kind of transaction.
    movements: dict[str, Decimal] = field(default_factory=dict)


def _q(value: Decimal | None, currency: str) -> Decimal:
    return quantize(value or ZERO, currency)


def vendor_statement(*, vendor_id: int, currency: str, since: datetime | None = None,
                     until: datetime | None = None) -> Statement:  # fmt: skip
    """Opening and closing balance, what moved it, and the period's sales figures (4 queries)."""
    entries = Entry.objects.filter(transaction__vendor_id=vendor_id, currency=currency)
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lte=until)
    payable = posting.vendor_payable(vendor_id)
    totals = entries.aggregate(
        sales=Sum("amount", filter=Q(transaction__kind__in=DELIVERED, amount__gt=0,
                                     account__code__in=[posting.CUSTOMER_RECEIVABLE,
                                                        posting.cod_receivable(vendor_id)])),
        commission=Sum("amount", filter=Q(account__code=posting.COMMISSION_REVENUE)),
        vat=Sum("amount", filter=Q(account__code__startswith="vat_payable:")),
        cash=Sum("amount", filter=Q(transaction__kind=Kind.COD_DELIVERED, amount__gt=0,
                                    account__code=posting.cod_receivable(vendor_id))),
    )  # fmt: skip
    moves = (
        entries.filter(account__code=payable)
        .values_list("transaction__kind")
        .annotate(total=Sum("amount"))
        .order_by("transaction__kind")
    )
    return Statement(
        vendor_id=vendor_id, currency=currency, since=since, until=until,
        opening_balance=vendor_balance(vendor_id, currency, as_of=since - TICK) if since else ZERO,
        closing_balance=vendor_balance(vendor_id, currency, as_of=until),
        sales=_q(totals["sales"], currency), commission=-_q(totals["commission"], currency),
        vat_withheld=-_q(totals["vat"], currency), cash_collected=_q(totals["cash"], currency),
        movements={kind: -_q(total, currency) for kind, total in moves},
    )  # fmt: skip


def vendor_statement_lines(*, vendor_id: int, currency: str, since: datetime | None = None,
                           until: datetime | None = None) -> list[dict[str, object]]:  # fmt: skip
    """Each change of the vendor's balance with the running balance (for the CSV export)."""
    entries = (
        Entry.objects.filter(account__code=posting.vendor_payable(vendor_id), currency=currency)
        .select_related("transaction")
        .order_by("occurred_at", "id")
    )
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lte=until)
    running = vendor_balance(vendor_id, currency, as_of=since - TICK) if since else ZERO
    lines = []
    for entry in entries:
        change = -quantize(entry.amount, currency)
        running += change
        txn = entry.transaction
        lines.append({"date": entry.occurred_at, "kind": txn.kind, "reference_type": txn.reference_type,
                      "reference_id": txn.reference_id, "description": txn.description,
                      "amount": change, "balance": running, "currency": currency})  # fmt: skip
    return lines


@dataclass
class FinanceSummary:
    currency: str
    gmv: Decimal
    payments_captured: Decimal
    commission: Decimal
    refunds: Decimal
    vat_by_country: dict[str, Decimal]
    payouts_due: Decimal
    payouts_paid: Decimal


def finance_summary(*, since: datetime | None = None,
                    until: datetime | None = None) -> list[FinanceSummary]:  # fmt: skip
    """Per currency: GMV (gross delivered), payments, commission, refunds, VAT by country, payouts."""
    entries = Entry.objects.all()
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lte=until)
    rows = entries.values_list("currency").annotate(
        gmv=Sum("amount", filter=Q(transaction__kind__in=DELIVERED, amount__gt=0) & (
            Q(account__code=posting.CUSTOMER_RECEIVABLE) | Q(account__code__startswith="cod_receivable:"))),
        captured=Sum("amount", filter=Q(transaction__kind=Kind.PAYMENT_CAPTURED, amount__gt=0)),
        commission=Sum("amount", filter=Q(account__code=posting.COMMISSION_REVENUE)),
        refunds=Sum("amount", filter=Q(transaction__kind=Kind.REFUND, amount__lt=0,
                                       account__code__startswith="provider_cash:")),
        paid=Sum("amount", filter=Q(transaction__kind=Kind.PAYOUT_PAID, amount__gt=0)),
    ).order_by("currency")  # fmt: skip
    vat_rows = (
        entries.filter(account__code__startswith="vat_payable:")
        .values_list("currency", "account__code")
        .annotate(total=Sum("amount"))
        .order_by("currency", "account__code")
    )
    vat: dict[str, dict[str, Decimal]] = {}
    for cur, code, total in vat_rows:
        vat.setdefault(cur, {})[code.split(":", 1)[1]] = -_q(total, cur)
    due_rows = (
        Payout.objects.filter(status__in=[Payout.Status.PENDING, Payout.Status.PROCESSING,
                                          Payout.Status.UNRESOLVED])
        .values_list("currency")
        .annotate(total=Sum("payout_amount"))
        .order_by("currency")
    )  # fmt: skip
    due = {cur: _q(total, cur) for cur, total in due_rows}
    currencies = sorted({r[0] for r in rows} | set(due))
    by_currency = {r[0]: r for r in rows}
    out = []
    for cur in currencies:
        row = by_currency.get(cur, (cur, None, None, None, None, None))
        out.append(FinanceSummary(
            currency=cur, gmv=_q(row[1], cur), payments_captured=_q(row[2], cur),
            commission=-_q(row[3], cur), refunds=-_q(row[4], cur), vat_by_country=vat.get(cur, {}),
            payouts_due=due.get(cur, ZERO), payouts_paid=_q(row[5], cur),
        ))  # fmt: skip
    return out
