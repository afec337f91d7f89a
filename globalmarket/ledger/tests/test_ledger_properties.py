"""Property-based tests: random sequences of orders, payments, refunds, cancellations, cash on
delivery and payouts never break the ledger's invariants."""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import count
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from globalmarket.core.money import quantize
from globalmarket.ledger import payouts as payout_services
from globalmarket.ledger import posting
from globalmarket.ledger.models import Entry, Payout
from globalmarket.ledger.selectors import account_balances, unbalanced_transactions, vendor_balance
from globalmarket.vendors.tests.factories import VendorFactory

_ids = count(1)
CENT = D("0.01")


@dataclass
class Order:
    id: str
    vendor: int
    gross: D
    vat: D
    commission: D
    cod: bool
    delivered: bool = False
    cancelled: bool = False
    refunded_before: D = D(0)
    refunded_after: D = D(0)


@dataclass
class Model:
    orders: list[Order] = field(default_factory=list)
    earned: dict[int, D] = field(default_factory=dict)  # net of commission, VAT and refunds
    received: dict[int, D] = field(default_factory=dict)  # payouts (net) + cash kept


def share(total: D, before: D, after: D, gross: D) -> D:
    return quantize(total * after / gross, "EUR") - quantize(total * before / gross, "EUR")


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.block = transaction.atomic(using="region_eu")
        self.block.__enter__()  # each example rolls back: examples never see each other
        self.m = Model()
        self.day = date(2030, 1, 1)

    def teardown(self) -> None:
        self.block.__exit__(RuntimeError, RuntimeError("rollback"), None)

    @initialize()
    def vendors(self) -> None:
        self.vendor_ids = [VendorFactory().pk for _ in range(2)]
        for v in self.vendor_ids:
            self.m.earned[v] = D(0)
            self.m.received[v] = D(0)

    @rule(vendor=st.integers(0, 1), cents=st.integers(100, 50000) | st.sampled_from([9999, 12345, 33333]),
          vat_pct=st.sampled_from([0, 9, 21]),
          commission_pct=st.integers(0, 30), cod=st.booleans())  # fmt: skip
    def place_and_pay(
        self, vendor: int, cents: int, vat_pct: int, commission_pct: int, cod: bool
    ) -> None:
        gross = D(cents) * CENT
        vat = quantize(gross - gross / (1 + D(vat_pct) / 100), "EUR")
        commission = quantize((gross - vat) * commission_pct / 100, "EUR")
        order = Order(id=f"o{next(_ids)}", vendor=self.vendor_ids[vendor], gross=gross, vat=vat,
                      commission=commission, cod=cod)  # fmt: skip
        if not cod:
            posting.on_payment_captured(posting.PaymentCaptured(
                payment_id=order.id, order_id=order.id, amount=gross, currency="EUR", provider="stripe"))  # fmt: skip
        self.m.orders.append(order)

    def _open(self) -> list[Order]:
        return [o for o in self.m.orders if not o.delivered and not o.cancelled]

    @precondition(lambda self: any(not o.delivered and not o.cancelled for o in self.m.orders))
    @rule(data=st.data())
    def deliver(self, data: Any) -> None:
        order = data.draw(st.sampled_from(self._open()))
        gross = order.gross - order.refunded_before
        ratio = gross / order.gross
        vat, commission = (
            quantize(order.vat * ratio, "EUR"),
            quantize(order.commission * ratio, "EUR"),
        )
        order.delivered = True
        order.gross, order.vat, order.commission = gross, vat, commission
        event_type = posting.CodDelivered if order.cod else posting.VendorOrderDelivered
        hook = posting.on_cod_delivered if order.cod else posting.on_vendor_order_delivered
        hook(event_type(vendor_order_id=order.id, vendor_id=order.vendor, currency="EUR", gross=gross,
                        vat=vat, vat_country="NL", commission=commission))  # type: ignore[operator]  # fmt: skip
        self.m.earned[order.vendor] += gross - commission - vat
        if order.cod:
            self.m.received[order.vendor] += gross  # the vendor kept the cash

    @precondition(lambda self: any(not o.cancelled and not o.cod and not o.delivered
                                   and o.gross > o.refunded_before for o in self.m.orders))  # fmt: skip
    @rule(data=st.data(), part=st.integers(1, 100), cancel=st.booleans())
    def refund_before_delivery(self, data: Any, part: int, cancel: bool) -> None:
        order = data.draw(
            st.sampled_from([o for o in self._open() if not o.cod and o.gross > o.refunded_before])
        )
        left = order.gross - order.refunded_before
        amount = left if cancel else max(CENT, quantize(left * part / 100, "EUR"))
        posting.on_refund(posting.RefundIssued(refund_id=f"r{next(_ids)}", vendor_order_id=order.id,
                                               vendor_id=order.vendor, amount=amount, currency="EUR",
                                               provider="stripe"))  # fmt: skip
        order.refunded_before += amount
        order.cancelled = order.refunded_before == order.gross

    @precondition(
        lambda self: any(o.delivered and o.refunded_after < o.gross for o in self.m.orders)
    )
    @rule(data=st.data(), part=st.sampled_from([33, 50, 100]) | st.integers(1, 100))
    def refund_after_delivery(self, data: Any, part: int) -> None:
        order = data.draw(
            st.sampled_from(
                [o for o in self.m.orders if o.delivered and o.refunded_after < o.gross]
            )
        )
        left = order.gross - order.refunded_after
        amount = max(CENT, quantize(left * part / 100, "EUR"))
        c = share(
            order.commission, order.refunded_after, order.refunded_after + amount, order.gross
        )
        v = share(order.vat, order.refunded_after, order.refunded_after + amount, order.gross)
        posting.on_refund(posting.RefundIssued(
            refund_id=f"r{next(_ids)}", vendor_order_id=order.id, vendor_id=order.vendor, amount=amount,
            currency="EUR", provider="cash" if order.cod else "stripe"))  # fmt: skip
        order.refunded_after += amount
        self.m.earned[order.vendor] -= amount - c - v
        if order.cod:
            self.m.received[order.vendor] -= amount  # the vendor paid the cash back

    @rule()
    def run_payouts(self) -> None:
        self.day += timedelta(days=7)
        owed = {v: self.m.earned[v] - self.m.received[v] for v in self.vendor_ids}
        created = payout_services.payouts_create(
            period_start=self.day - timedelta(days=6), period_end=self.day
        )
        for payout in created:
            if payout.vendor_id not in owed:
                continue
            # Never more than earned net of commission and what was already received.
            assert payout.payout_amount == owed[payout.vendor_id]
            assert (
                self.m.received[payout.vendor_id] + payout.payout_amount
                <= self.m.earned[payout.vendor_id]
            )
            self.m.received[payout.vendor_id] += payout.payout_amount
        # Running the job again for the same period pays nobody twice.
        assert (
            payout_services.payouts_create(
                period_start=self.day - timedelta(days=6), period_end=self.day
            )
            == []
        )

    @precondition(
        lambda self: Payout.objects.filter(status__in=["pending", "processing", "paid"]).exists()
    )
    @rule(data=st.data(), outcome=st.sampled_from(["paid", "failed", "returned"]))
    def payout_outcome(self, data: Any, outcome: str) -> None:
        wanted = {
            "paid": ["processing"],
            "failed": ["pending", "processing"],
            "returned": ["paid"],
        }[outcome]
        candidates = list(Payout.objects.filter(status__in=wanted, vendor_id__in=self.vendor_ids))
        if not candidates:
            return
        payout = data.draw(st.sampled_from(candidates))
        if outcome == "paid":
            payout_services.payout_mark_paid(payout_id=payout.pk)
        else:
            getattr(payout_services, f"payout_mark_{outcome}")(payout_id=payout.pk, reason="bank")
            self.m.received[payout.vendor_id] -= quantize(payout.payout_amount, "EUR")

    @precondition(lambda self: Payout.objects.filter(status="pending").exists())
    @rule()
    def approve_all(self) -> None:
        for payout in Payout.objects.filter(status="pending", vendor_id__in=self.vendor_ids):
            payout_services.payout_approve(payout_id=payout.pk, actor=_Finance())

    @invariant()
    def ledger_balances(self) -> None:
        assert unbalanced_transactions() == []
        totals: dict[str, D] = {}
        for (_, cur), balance in account_balances().items():
            totals[cur] = totals.get(cur, D(0)) + balance
        assert all(total == 0 for total in totals.values()), totals

    @invariant()
    def vendor_balances_match_postings_and_the_model(self) -> None:
        for v in getattr(self, "vendor_ids", []):
            postings = sum(
                (e.amount for e in Entry.objects.filter(account__code=f"vendor_payable:{v}")), D(0)
            )
            assert vendor_balance(v, "EUR") == -quantize(postings, "EUR")
            assert vendor_balance(v, "EUR") == self.m.earned[v] - self.m.received[v]


class _Finance:
    pk = None


LedgerMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("GM_HYPOTHESIS_EXAMPLES", "25")), stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip


@pytest.mark.django_db
def test_ledger_state_machine(in_eu: Any) -> None:
    LedgerMachine.TestCase().runTest()
