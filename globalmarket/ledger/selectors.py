"""Read the ledger: balances are SQL sums over entries, never stored."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from globalmarket.core.money import quantize

from .models import Account, Entry, LedgerTransaction
from .posting import vendor_payable

ZERO = Decimal(0)


def _q(total: Decimal | None, currency: str) -> Decimal:
    """SQL sums, quantized: SQLite sums decimals as floating point (1e-15 noise)."""
    return quantize(total or ZERO, currency)


def _entries(as_of: datetime | None = None) -> QuerySet[Entry]:
    entries = Entry.objects.all()
    return entries.filter(occurred_at__lte=as_of) if as_of is not None else entries


def account_balance(code: str, currency: str, *, as_of: datetime | None = None) -> Decimal:
    """Debits minus credits of one account (negative for a liability in credit)."""
    total = (
        _entries(as_of)
        .filter(account__code=code, account__currency=currency.upper())
        .aggregate(total=Sum("amount"))["total"]
    )
    return _q(total, currency)


def account_balances(*, as_of: datetime | None = None) -> dict[tuple[str, str], Decimal]:
    """{(code, currency): balance} of every account with entries."""
    rows = (
        _entries(as_of)
        .values_list("account__code", "account__currency")
        .annotate(total=Sum("amount"))
        .order_by("account__code", "account__currency")
    )
    return {(code, currency): _q(total, currency) for code, currency, total in rows}


def vendor_balance(vendor_id: int, currency: str, *, as_of: datetime | None = None) -> Decimal:
    """What the platform owes the vendor (negative: the vendor owes, e.g. COD commission)."""
    return -account_balance(vendor_payable(vendor_id), currency, as_of=as_of)


def vendor_balances(vendor_id: int, *, as_of: datetime | None = None) -> dict[str, Decimal]:
    """{currency: balance owed to the vendor}."""
    rows = (
        _entries(as_of)
        .filter(account__code=vendor_payable(vendor_id))
        .values_list("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {currency: -_q(total, currency) for currency, total in rows}


def payable_balances(*, as_of: datetime | None = None) -> dict[tuple[int, str], Decimal]:
    """{(vendor_id, currency): balance owed} for every vendor with entries."""
    entries = _entries(as_of).filter(account__code__startswith="vendor_payable:")
    rows = entries.values_list("account__vendor_id", "currency").annotate(total=Sum("amount"))
    return {(vendor_id, cur): -_q(total, cur) for vendor_id, cur, total in rows.order_by()}


def unbalanced_transactions() -> list[tuple[int, str, Decimal]]:
    """(transaction id, currency, sum) of every transaction whose legs do not sum to zero."""
    rows = (
        Entry.objects.values_list("transaction_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by("transaction_id")
    )
    return [(txn, cur, _q(total, cur)) for txn, cur, total in rows if _q(total, cur) != 0]


def transactions_list(*, vendor_id: int | None = None, kind: str | None = None,
                      reference_type: str | None = None, reference_id: str | None = None,
                      since: datetime | None = None, until: datetime | None = None,
                      ) -> QuerySet[LedgerTransaction]:  # fmt: skip
    """Transactions with their entries and accounts prefetched (one query per page)."""
    entries = Prefetch("entries", queryset=Entry.objects.select_related("account").order_by("id"))
    txns = LedgerTransaction.objects.prefetch_related(entries).order_by("-occurred_at", "-id")
    if vendor_id is not None:
        txns = txns.filter(vendor_id=vendor_id)
    if kind:
        txns = txns.filter(kind=kind)
    if reference_type:
        txns = txns.filter(reference_type=reference_type)
    if reference_id:
        txns = txns.filter(reference_id=reference_id)
    if since is not None:
        txns = txns.filter(occurred_at__gte=since)
    if until is not None:
        txns = txns.filter(occurred_at__lt=until)
    return txns


def accounts() -> QuerySet[Account]:
    return Account.objects.order_by("code", "currency")
