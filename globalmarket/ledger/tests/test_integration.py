"""The ledger as the other domains call it: payments' hooks and the orders' delivery."""

from decimal import Decimal as D
from typing import Any

import pytest

from globalmarket.ledger.models import Invoice, LedgerTransaction
from globalmarket.ledger.reconciliation import reconcile
from globalmarket.ledger.selectors import account_balance, vendor_balance
from globalmarket.payments import hooks
from globalmarket.payments.models import Payment, Refund
from globalmarket.vendors.tests.factories import VendorFactory

from .orders import make_order

pytestmark = pytest.mark.django_db


def paid(vo: Any, provider: str = "stripe") -> Payment:
    order = vo.order
    return Payment.objects.create(order=order, order_number=order.number, method="card", provider=provider,
                                  status="paid", currency="EUR", amount=order.total,
                                  captured_amount=order.total)  # fmt: skip


def test_payment_hook_posts_capture_and_refunds_split_per_vendor_order(in_eu: Any) -> None:
    vo = make_order(VendorFactory(), [("Lamp", "121.00", 1, "0.21")])
    payment = paid(vo)
    hooks.payment_paid(payment)
    hooks.payment_paid(payment)  # a replayed webhook posts nothing more
    assert LedgerTransaction.objects.filter(kind="payment_captured").count() == 1
    assert account_balance("provider_cash:stripe", "EUR") == D("121.00")
    whole = Refund.objects.create(payment=payment, amount=D("21.00"), currency="EUR", reason="x",
                                  status="succeeded")  # fmt: skip
    hooks.refund_succeeded(whole)
    txn = LedgerTransaction.objects.get(kind="refund")
    assert (txn.reference_id, txn.metadata["amount"]) == (str(vo.pk), "21.00")
    assert account_balance("provider_cash:stripe", "EUR") == D("100.00")


def test_delivery_through_the_orders_service_posts_and_reconciles(
    in_eu: Any, make_user: Any
) -> None:
    from globalmarket.orders.models import VendorOrder
    from globalmarket.orders.services import _move

    vendor = VendorFactory()
    vo = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])
    hooks.payment_paid(paid(vo))
    for status in ("accepted", "shipped", "delivered"):
        _move(vo.order, vo, status, actor=None, role="system")
    assert vendor_balance(vendor.pk, "EUR") == D("90.00")
    assert Invoice.objects.filter(vendor_order=vo).exists()
    assert VendorOrder.objects.get(pk=vo.pk).status == "delivered"
    assert reconcile() == []


def test_cod_payment_posts_nothing_until_delivery(in_eu: Any) -> None:
    vo = make_order(VendorFactory(), [("Lamp", "121.00", 1, "0.21")])
    hooks.payment_paid(paid(vo, provider="cod"))
    assert not LedgerTransaction.objects.exists()


def test_cod_refund_before_delivery_posts_nothing(in_eu: Any) -> None:
    vo = make_order(VendorFactory(), [("Lamp", "121.00", 1, "0.21")])
    payment = paid(vo, provider="cod")
    refund = Refund.objects.create(payment=payment, vendor_order=vo, amount=D("121.00"), currency="EUR",
                                   reason="cancelled", status="succeeded")  # fmt: skip
    hooks.refund_succeeded(refund)
    assert not LedgerTransaction.objects.exists()
