from datetime import date
from decimal import Decimal as D
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from globalmarket.ledger import posting
from globalmarket.ledger.adapters import on_vendor_order_delivered_for
from globalmarket.ledger.models import Payout
from globalmarket.ledger.payouts import payouts_create
from globalmarket.ledger.reconciliation import reconcile
from globalmarket.vendors.tests.factories import VendorFactory

from .orders import make_order

pytestmark = pytest.mark.django_db


def run(tenant: str = "eu") -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("reconcile", "--tenant", tenant, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_books_that_agree(in_eu: Any) -> None:
    vendor = VendorFactory()
    vo = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])
    vo.status = "delivered"
    vo.save()
    on_vendor_order_delivered_for(vo)
    payouts_create(period_start=date(2000, 1, 1), period_end=date(2999, 1, 1))
    assert reconcile() == []
    assert run() == (0, "[eu] OK\n")


def test_every_difference_is_reported(in_eu: Any) -> None:
    vendor = VendorFactory()
    delivered_unposted = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])
    delivered_unposted.status = "delivered"
    delivered_unposted.save()
    posted_undelivered = make_order(vendor, [("Desk", "242.00", 1, "0.21")])
    on_vendor_order_delivered_for(posted_undelivered)
    payouts_create(period_start=date(2000, 1, 1), period_end=date(2999, 1, 1))
    Payout.objects.update(status="paid")  # paid without the bank's confirmation posted
    code, out = run()
    assert code == 1
    assert f"vendor order {delivered_unposted.number} is delivered but not in the ledger" in out
    assert f"ledger posts vendor order {posted_undelivered.pk} as delivered" in out
    assert "is paid but the ledger has ['sent']" in out
    assert "payouts in transit EUR: ledger 180.00, open payouts 0" in out
    assert out.strip().endswith("[eu] 4 difference(s)")


def test_unknown_region(in_eu: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reconcile", "--tenant", "mars")


def test_amount_mismatch(in_eu: Any) -> None:
    vendor = VendorFactory()
    vo = make_order(vendor, [("Lamp", "121.00", 1, "0.21")])
    vo.status = "delivered"
    vo.save()
    posting.on_vendor_order_delivered(posting.VendorOrderDelivered(
        vendor_order_id=vo.pk, vendor_id=vendor.pk, currency="EUR", gross=D("120.00"), vat=D("21.00"),
        vat_country="NL", commission=D("10.00")))  # fmt: skip
    assert reconcile() == [f"vendor order {vo.number}: gross 121.00 but 120.00 posted"]
