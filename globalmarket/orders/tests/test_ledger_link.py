"""Commission frozen at purchase; delivery posts one ledger transaction (COD or prepaid)."""

from decimal import Decimal

import pytest

from globalmarket.ledger.models import CommissionRule, LedgerTransaction
from globalmarket.orders.models import OrderLine, VendorOrder
from globalmarket.orders.services import Role, vendor_order_transition
from globalmarket.orders.tests.factories import make_variant, make_vendor, place
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_commission_is_frozen_and_delivery_is_posted_once(eu, make_user) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        vendor = make_vendor()
        CommissionRule.objects.create(vendor=vendor, rate=Decimal("0.1500"))
        variant = make_variant(price="121.00", vendor=vendor)
        order = place(shopper, (variant, 1))
        line = OrderLine.objects.get()
        assert (line.commission_rate, line.line_net, line.vat_amount) == (
            Decimal("0.1500"), Decimal("100.000"), Decimal("21.000"))  # fmt: skip
        CommissionRule.objects.filter(vendor=vendor).update(rate=Decimal("0.3000"))
        vo = VendorOrder.objects.get(order=order)
        for target in ("accepted", "shipped", "delivered"):
            vendor_order_transition(vendor_order=vo, target=target, actor=None, role=Role.SYSTEM,
                                    carrier="dhl", tracking_number="JD0001")  # fmt: skip
        txn = LedgerTransaction.objects.get(reference_type="vendor_order", reference_id=str(vo.pk))
        assert txn.kind == LedgerTransaction.Kind.COD_DELIVERED
        # gross 121.00 + 4.95 shipping, VAT 21.00 + 0.86, commission 15 % of 100.00 (frozen rate)
        assert txn.metadata["commission"] == "15.00"
        assert txn.metadata["gross"] == "125.95"
        assert txn.metadata["vat"] == "21.86"
