from decimal import Decimal as D
from typing import Any

import pytest

from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.ledger import posting
from globalmarket.ledger.models import Entry, LedgerTransaction
from globalmarket.ledger.posting import (
    CodDelivered,
    PaymentCaptured,
    PayoutEvent,
    RefundIssued,
    VendorOrderDelivered,
)
from globalmarket.ledger.selectors import account_balance, account_balances, vendor_balance

pytestmark = pytest.mark.django_db


def legs(txn: LedgerTransaction) -> dict[str, D]:
    out: dict[str, D] = {}
    for entry in txn.entries.select_related("account"):
        out[entry.account.code] = out.get(entry.account.code, D(0)) + entry.amount
    return {code: amount for code, amount in out.items() if amount != 0}


def delivered(vo: int = 1, vendor: int = 7, gross: str = "121.00", vat: str = "21.00",
              commission: str = "10.00", **kw: Any) -> VendorOrderDelivered:  # fmt: skip
    return VendorOrderDelivered(vendor_order_id=vo, vendor_id=vendor, currency="EUR", gross=D(gross),
                                vat=D(vat), vat_country="NL", commission=D(commission), **kw)  # fmt: skip


def paid(amount: str = "121.00", pid: int = 1) -> LedgerTransaction:
    return posting.on_payment_captured(PaymentCaptured(payment_id=pid, order_id=10,
                                       amount=D(amount), currency="EUR", provider="stripe"))  # fmt: skip


def test_payment_captured_posts_once(in_eu: Any) -> None:
    first = paid()
    assert legs(first) == {"provider_cash:stripe": D("121.00"), "customer_receivable": D("-121.00")}
    assert paid() == first
    assert LedgerTransaction.objects.count() == 1 and Entry.objects.count() == 2


def test_delivery_pays_vendor_net_of_commission_and_platform_vat(in_eu: Any) -> None:
    paid()
    txn = posting.on_vendor_order_delivered(delivered())
    assert legs(txn) == {"customer_receivable": D("121.00"), "vendor_payable:7": D("-90.00"),
                         "commission_revenue": D("-10.00"), "vat_payable:NL": D("-21.00")}  # fmt: skip
    assert vendor_balance(7, "EUR") == D("90.00")
    assert account_balance("customer_receivable", "EUR") == D(0)
    assert txn.vendor_id == 7 and txn.reference_id == "1"


def test_vendor_that_remits_its_own_vat_is_paid_it(in_eu: Any) -> None:
    txn = posting.on_vendor_order_delivered(delivered(platform_remits_vat=False))
    assert legs(txn) == {"customer_receivable": D("121.00"), "vendor_payable:7": D("-111.00"),
                         "commission_revenue": D("-10.00")}  # fmt: skip


def test_refund_before_delivery_returns_the_prepayment(in_eu: Any) -> None:
    paid()
    txn = posting.on_refund(RefundIssued(refund_id="r1", vendor_order_id=1, vendor_id=7,
                                         amount=D("30.00"), currency="EUR", provider="stripe"))  # fmt: skip
    assert legs(txn) == {"customer_receivable": D("30.00"), "provider_cash:stripe": D("-30.00")}
    assert vendor_balance(7, "EUR") == D(0)


def test_partial_refunds_return_commission_and_vat_proportionally_and_add_up(in_eu: Any) -> None:
    paid("100.00")
    posting.on_vendor_order_delivered(delivered(gross="100.00", vat="17.36", commission="8.26"))
    first = posting.on_refund(RefundIssued(refund_id="r1", vendor_order_id=1, vendor_id=7,
                                           amount=D("33.33"), currency="EUR", provider="stripe"))  # fmt: skip
    # 8.26 * 33.33/100 = 2.753 -> 2.75; 17.36 * 0.3333 = 5.786 -> 5.79
    assert legs(first) == {"vendor_payable:7": D("24.79"), "commission_revenue": D("2.75"),
                           "vat_payable:NL": D("5.79"), "provider_cash:stripe": D("-33.33")}  # fmt: skip
    posting.on_refund(RefundIssued(refund_id="r2", vendor_order_id=1, vendor_id=7,
                                   amount=D("66.67"), currency="EUR", provider="stripe"))  # fmt: skip
    balances = account_balances()
    assert vendor_balance(7, "EUR") == D(0)
    assert balances[("commission_revenue", "EUR")] == D(0)
    assert balances[("vat_payable:NL", "EUR")] == D(0)
    assert balances[("provider_cash:stripe", "EUR")] == D(0)


def test_refund_over_what_was_paid_is_refused_and_writes_nothing(in_eu: Any) -> None:
    posting.on_vendor_order_delivered(delivered())
    with pytest.raises(ApplicationError) as err:
        posting.on_refund(RefundIssued(refund_id="r1", vendor_order_id=1, vendor_id=7,
                                       amount=D("121.01"), currency="EUR", provider="stripe"))  # fmt: skip
    assert err.value.code == "ledger_refund_exceeds_paid"
    assert not LedgerTransaction.objects.filter(kind="refund").exists()


def test_tenant_policy_can_keep_commission_on_refunds(in_eu: Any) -> None:
    in_eu.features = {"refund_returns_commission": False}
    posting.on_vendor_order_delivered(delivered())
    txn = posting.on_refund(RefundIssued(refund_id="r1", vendor_order_id=1, vendor_id=7,
                                         amount=D("121.00"), currency="EUR", provider="stripe"))  # fmt: skip
    assert legs(txn) == {"vendor_payable:7": D("100.00"), "vat_payable:NL": D("21.00"),
                         "provider_cash:stripe": D("-121.00")}  # fmt: skip
    assert vendor_balance(7, "EUR") == D("-10.00")  # the vendor bears the commission


def test_platform_funded_goodwill_is_an_expense(in_eu: Any) -> None:
    posting.on_vendor_order_delivered(delivered())
    txn = posting.on_refund(RefundIssued(refund_id="r1", vendor_order_id=1, vendor_id=7,
                                         amount=D("12.10"), currency="EUR", provider="stripe",
                                         platform_funded=D("12.10"), returns_commission=False))  # fmt: skip
    assert legs(txn) == {"vat_payable:NL": D("2.10"), "refunds": D("12.10"),
                         "vendor_payable:7": D("-2.10"), "provider_cash:stripe": D("-12.10")}  # fmt: skip


def test_cod_vendor_owes_commission_netted_against_later_earnings(in_eu: Any) -> None:
    cod = CodDelivered(vendor_order_id=5, vendor_id=7, currency="EUR", gross=D("121.00"),
                       vat=D("21.00"), vat_country="NL", commission=D("10.00"))  # fmt: skip
    txn = posting.on_cod_delivered(cod)
    assert legs(txn) == {"commission_revenue": D("-10.00"), "vat_payable:NL": D("-21.00"),
                         "vendor_payable:7": D("31.00")}  # fmt: skip
    assert vendor_balance(7, "EUR") == D("-31.00")
    assert account_balance("cod_receivable:7", "EUR") == D(0)
    posting.on_vendor_order_delivered(delivered(vo=6))
    assert vendor_balance(7, "EUR") == D("59.00")
    with pytest.raises(Conflict):
        posting.on_vendor_order_delivered(delivered(vo=5))


def test_cod_cash_refund_gives_back_commission_and_vat(in_eu: Any) -> None:
    posting.on_cod_delivered(CodDelivered(vendor_order_id=5, vendor_id=7, currency="EUR",
                                          gross=D("121.00"), vat=D("21.00"), vat_country="NL",
                                          commission=D("10.00")))  # fmt: skip
    posting.on_refund(RefundIssued(refund_id="c1", vendor_order_id=5, vendor_id=7,
                                   amount=D("121.00"), currency="EUR", provider="cash"))  # fmt: skip
    assert vendor_balance(7, "EUR") == D(0)
    assert account_balance("commission_revenue", "EUR") == D(0)


def payout(step: str, amount: str = "90.00") -> LedgerTransaction:
    hook = getattr(posting, f"on_payout_{step}")
    return hook(PayoutEvent(payout_id=3, vendor_id=7, amount=D(amount), currency="EUR"))  # type: ignore[no-any-return]


def test_payout_sent_then_paid(in_eu: Any) -> None:
    posting.on_vendor_order_delivered(delivered())
    assert legs(payout("sent")) == {
        "vendor_payable:7": D("90.00"),
        "payouts_in_transit": D("-90.00"),
    }
    assert vendor_balance(7, "EUR") == D(0)
    assert legs(payout("paid")) == {
        "payouts_in_transit": D("90.00"),
        "provider_cash:bank": D("-90.00"),
    }
    assert account_balance("payouts_in_transit", "EUR") == D(0)
    with pytest.raises(Conflict):
        payout("failed")


def test_failed_payout_puts_money_back(in_eu: Any) -> None:
    posting.on_vendor_order_delivered(delivered())
    payout("sent")
    payout("failed")
    assert vendor_balance(7, "EUR") == D("90.00")
    with pytest.raises(Conflict):
        payout("paid")


def test_returned_payout_puts_money_back(in_eu: Any) -> None:
    posting.on_vendor_order_delivered(delivered())
    with pytest.raises(Conflict):
        payout("paid")
    payout("sent")
    with pytest.raises(Conflict):
        payout("returned")
    payout("paid")
    payout("returned")
    assert vendor_balance(7, "EUR") == D("90.00")
    assert account_balance("provider_cash:bank", "EUR") == D(0)


@pytest.mark.parametrize("bad", [D("-1.00"), D("0"), D("1.001")])
def test_bad_amounts_are_refused(in_eu: Any, bad: D) -> None:
    with pytest.raises(ApplicationError) as err:
        paid(str(bad))
    assert err.value.code == "ledger_invalid_posting"
    assert not LedgerTransaction.objects.exists()


def test_adapter_posts_a_delivered_vendor_order_and_issues_its_invoice(in_eu: Any) -> None:
    from globalmarket.ledger.adapters import on_vendor_order_delivered_for
    from globalmarket.ledger.models import Invoice
    from globalmarket.vendors.tests.factories import VendorFactory

    from .orders import make_order

    vendor = VendorFactory()
    vo = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])  # net 100.00, commission 10 %
    posting.on_payment_captured(PaymentCaptured(payment_id="p", order_id=vo.order_id, amount=D("121.00"),
                                                currency="EUR", provider="stripe"))  # fmt: skip
    posting.on_refund(RefundIssued(refund_id="early", vendor_order_id=vo.pk, vendor_id=vendor.pk,
                                   amount=D("60.50"), currency="EUR", provider="stripe"))  # fmt: skip
    txn = on_vendor_order_delivered_for(vo)
    assert txn is not None
    assert legs(txn) == {"customer_receivable": D("60.50"), f"vendor_payable:{vendor.pk}": D("-45.00"),
                         "commission_revenue": D("-5.00"), "vat_payable:NL": D("-10.50")}  # fmt: skip
    assert on_vendor_order_delivered_for(vo) == txn
    assert Invoice.objects.filter(vendor_order=vo).count() == 1
    assert account_balance("customer_receivable", "EUR") == D(0)


def test_adapter_posts_cash_on_delivery(in_eu: Any) -> None:
    from globalmarket.ledger.adapters import on_vendor_order_delivered_for
    from globalmarket.vendors.tests.factories import VendorFactory

    from .orders import make_order

    vendor = VendorFactory()
    vo = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])
    vo.order.payment_method = "cod"
    txn = on_vendor_order_delivered_for(vo)
    assert txn is not None and txn.kind == "cod_delivered"
    assert vendor_balance(vendor.pk, "EUR") == D("-31.00")
