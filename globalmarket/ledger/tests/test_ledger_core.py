from decimal import Decimal as D
from typing import Any

import pytest
from django.db import DatabaseError, connections
from django.utils import timezone

from globalmarket.audit.append_only import AppendOnlyError
from globalmarket.core.errors import ApplicationError
from globalmarket.ledger.models import Entry, LedgerTransaction
from globalmarket.ledger.selectors import account_balance, unbalanced_transactions
from globalmarket.ledger.services import Leg, post, reverse
from globalmarket.tenancy.db import atomic

pytestmark = pytest.mark.django_db


def simple(key: str = "k1", amount: str = "5.00") -> LedgerTransaction:
    return post(key=key, kind="adjustment", legs=[Leg("provider_cash:stripe", D(amount), "EUR"),
                                                  Leg("commission_revenue", -D(amount), "EUR")])  # fmt: skip


def test_unbalanced_legs_are_refused_in_python(in_eu: Any) -> None:
    with pytest.raises(ApplicationError) as err:
        post(key="k", kind="adjustment", legs=[Leg("provider_cash:stripe", D("5.00"), "EUR"),
                                               Leg("commission_revenue", D("-4.99"), "EUR")])  # fmt: skip
    assert err.value.code == "ledger_unbalanced"
    with pytest.raises(ApplicationError):  # balanced in total, not per currency
        post(key="k", kind="adjustment", legs=[Leg("provider_cash:stripe", D("5.00"), "EUR"),
                                               Leg("commission_revenue", D("-5.00"), "AED")])  # fmt: skip
    assert not LedgerTransaction.objects.exists()


def test_reversal_restores_balances_once(in_eu: Any) -> None:
    txn = simple()
    undo = reverse(txn=txn, reason="typo")
    assert reverse(txn=txn) == undo
    assert undo.reverses == txn and undo.kind == "reversal"
    assert account_balance("commission_revenue", "EUR") == D(0)
    assert unbalanced_transactions() == []


def test_balance_as_of_a_date(in_eu: Any) -> None:
    earlier = timezone.now() - timezone.timedelta(days=10)
    post(key="old", kind="adjustment", occurred_at=earlier,
         legs=[Leg("provider_cash:stripe", D("3.00"), "EUR"), Leg("refunds", D("-3.00"), "EUR")])  # fmt: skip
    simple()
    assert account_balance("provider_cash:stripe", "EUR") == D("8.00")
    assert account_balance("provider_cash:stripe", "EUR", as_of=earlier) == D("3.00")


def test_entries_cannot_be_changed_through_django(in_eu: Any) -> None:
    txn = simple()
    entry = txn.entries.first()
    assert entry is not None
    entry.amount = D("6.00")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        txn.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.update(amount=D(0))


def _raw(in_eu: Any, sql: str, *params: Any) -> None:
    with connections[in_eu.database_alias].cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
@pytest.mark.parametrize("sql", [
    "UPDATE ledger_entries SET amount = amount + 1",
    "DELETE FROM ledger_entries",
    "UPDATE ledger_transactions SET description = 'x'",
    "DELETE FROM ledger_transactions",
])  # fmt: skip
def test_postgres_refuses_update_and_delete(in_eu: Any, sql: str) -> None:
    simple()
    with pytest.raises(DatabaseError, match="append-only"), atomic():
        _raw(in_eu, sql)
    assert Entry.objects.filter(amount=D("5.00")).count() == 1


@pytest.mark.postgres
def test_postgres_refuses_an_unbalanced_transaction_at_commit(in_eu: Any) -> None:
    txn = simple()
    account_id = txn.entries.first().account_id  # type: ignore[union-attr]
    with pytest.raises(DatabaseError, match="unbalanced"), atomic():
        _raw(in_eu, "INSERT INTO ledger_entries (tenant_id, transaction_id, account_id, amount, currency, "
                    "occurred_at) VALUES (%s, %s, %s, 1, 'EUR', now())", in_eu.id, txn.id, account_id)  # fmt: skip
        _raw(in_eu, "SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does
    assert Entry.objects.count() == 2


@pytest.mark.postgres
def test_postgres_refuses_a_transaction_without_legs(in_eu: Any) -> None:
    with pytest.raises(DatabaseError, match="legs"), atomic():
        LedgerTransaction.objects.create(key="lonely", kind="adjustment")
        _raw(in_eu, "SET CONSTRAINTS ALL IMMEDIATE")
    assert not LedgerTransaction.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_to_commit_an_unbalanced_transaction(eu: Any) -> None:
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(eu):
        txn = simple()
        account_id = txn.entries.first().account_id  # type: ignore[union-attr]
        with pytest.raises(DatabaseError, match="unbalanced"), atomic():
            _raw(eu, "INSERT INTO ledger_entries (tenant_id, transaction_id, account_id, amount, "
                     "currency, occurred_at) VALUES (%s, %s, %s, 1, 'EUR', now())", eu.id, txn.id,
                 account_id)  # fmt: skip
        assert Entry.objects.count() == 2
