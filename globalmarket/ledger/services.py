"""Post balanced, idempotent transactions; reverse them. The only writer of the ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.core.money import quantize
from globalmarket.tenancy.db import atomic

from .errors import LedgerError
from .models import Account, Entry, LedgerTransaction

# The type of each account kind (the part of the code before the first colon).
ACCOUNT_TYPES: dict[str, str] = {
    "provider_cash": Account.Type.ASSET,
    "customer_receivable": Account.Type.ASSET,
    "cod_receivable": Account.Type.ASSET,
    "vendor_payable": Account.Type.LIABILITY,
    "vat_payable": Account.Type.LIABILITY,
    "payouts_in_transit": Account.Type.LIABILITY,
    "commission_revenue": Account.Type.REVENUE,
    "refunds": Account.Type.EXPENSE,
}


@dataclass(frozen=True)
class Leg:
    """One side of a posting: `amount` > 0 debits the account, < 0 credits it."""

    account: str
    amount: Decimal
    currency: str


def account_for(code: str, currency: str) -> Account:
    """The account with this code and currency, created on first use."""
    kind = code.split(":", 1)[0]
    if kind not in ACCOUNT_TYPES:
        raise ApplicationError(LedgerError.INVALID_POSTING, f"Unknown account kind {kind!r}.")
    vendor_id = int(code.split(":", 1)[1]) if kind in ("vendor_payable", "cod_receivable") else None
    account, _ = Account.objects.get_or_create(
        code=code, currency=currency.upper(),
        defaults={"type": ACCOUNT_TYPES[kind], "vendor_id": vendor_id},
    )  # fmt: skip
    return account


def check_balanced(legs: Iterable[Leg]) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    count = 0
    for leg in legs:
        if not isinstance(leg.amount, Decimal):
            raise ApplicationError(LedgerError.INVALID_POSTING, "Ledger amounts are Decimals.")
        if leg.amount != quantize(leg.amount, leg.currency):
            raise ApplicationError(
                LedgerError.INVALID_POSTING,
                f"{leg.amount} has more decimals than {leg.currency} allows.",
            )
        totals[leg.currency] += leg.amount
        count += 1
    if count < 2:
        raise ApplicationError(LedgerError.UNBALANCED, "A transaction needs at least two legs.")
    unbalanced = {c: str(total) for c, total in totals.items() if total != 0}
    if unbalanced:
        raise ApplicationError(LedgerError.UNBALANCED,
                               f"Legs do not sum to zero per currency: {unbalanced}.")  # fmt: skip


def post(*, key: str, kind: str, legs: list[Leg], reference_type: str = "",
         reference_id: str | int = "", vendor_id: int | None = None, description: str = "",
         metadata: dict[str, Any] | None = None, occurred_at: datetime | None = None,
         reverses: LedgerTransaction | None = None) -> LedgerTransaction:  # fmt: skip
    """Post a balanced transaction once: a second call with the same `key` returns the first.

    Zero legs are dropped. Runs in the caller's region transaction when there is one.
    """
    legs = [leg for leg in legs if leg.amount != 0]
    check_balanced(legs)
    existing = LedgerTransaction.objects.filter(key=key).first()
    if existing is not None:
        return existing
    when = occurred_at or timezone.now()
    try:
        with atomic():
            txn = LedgerTransaction.objects.create(
                key=key, kind=kind, reference_type=reference_type,
                reference_id=str(reference_id), vendor_id=vendor_id, description=description,
                metadata=metadata or {}, occurred_at=when, reverses=reverses,
            )  # fmt: skip
            Entry.objects.bulk_create(
                Entry(transaction=txn, account=account_for(leg.account, leg.currency),
                      amount=leg.amount, currency=leg.currency.upper(), occurred_at=when)
                for leg in legs
            )  # fmt: skip
    except IntegrityError as exc:
        # Posted concurrently under the same key (or this one was already reversed).
        existing = LedgerTransaction.objects.filter(key=key).first()
        if existing is None:
            raise Conflict(
                LedgerError.ALREADY_REVERSED, "This transaction is already reversed."
            ) from exc
        return existing
    return txn


def reverse(*, txn: LedgerTransaction, reason: str = "",
            occurred_at: datetime | None = None) -> LedgerTransaction:  # fmt: skip
    """Post the mirror image of `txn` (once): the only way to correct the ledger."""
    legs = [Leg(e.account.code, -e.amount, e.currency)
            for e in txn.entries.select_related("account")]  # fmt: skip
    return post(
        key=f"reversal:{txn.key}", kind=LedgerTransaction.Kind.REVERSAL, legs=legs,
        reference_type=txn.reference_type, reference_id=txn.reference_id,
        vendor_id=txn.vendor_id, description=reason or f"Reversal of {txn.key}",
        metadata={"reverses": txn.key}, occurred_at=occurred_at, reverses=txn,
    )  # fmt: skip
