from io import StringIO
from typing import Any

import pytest

from globalmarket.ledger import demo
from globalmarket.ledger.models import Invoice, Payout
from globalmarket.ledger.payouts import payout_approve, payouts_export_sepa
from globalmarket.ledger.reconciliation import reconcile
from globalmarket.ledger.sepa.pain001 import check
from globalmarket.vendors import demo as vendors_demo

pytestmark = pytest.mark.django_db


def test_demo_payouts_export_a_valid_sepa_file(in_eu: Any, make_user: Any) -> None:
    vendors_demo.seed(in_eu, stdout=StringIO())
    demo.seed(in_eu, stdout=StringIO())
    demo.seed(in_eu, stdout=StringIO())  # idempotent
    payouts = list(Payout.objects.order_by("id"))
    assert payouts and len({p.vendor_id for p in payouts}) == len(payouts)
    assert Invoice.objects.filter(kind="commission").count() == len(payouts)
    finance = make_user(in_eu, staff_role="finance")
    for payout in payouts:
        payout_approve(payout_id=payout.pk, actor=finance)
    batch = payouts_export_sepa(actor=finance)  # the vendors' real, decrypted IBANs
    assert check(batch.xml.encode()) == []
    assert batch.count == len([p for p in payouts if p.payment_method == "bank_transfer"])
    assert reconcile() == []
