import threading
from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any
from unittest import mock

import pytest
from django.db import connections
from django.utils import timezone

from globalmarket.audit.models import AuditLog
from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.ledger import payouts as svc
from globalmarket.ledger.models import LedgerTransaction, Payout
from globalmarket.ledger.selectors import account_balance, vendor_balance
from globalmarket.ledger.sepa.pain001 import check
from globalmarket.ledger.tasks import payout_period, payouts_run
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor
from globalmarket.vendors.tests.factories import VendorFactory

from .factories import earn

pytestmark = pytest.mark.django_db
END = timezone.localdate()
START = END - timedelta(days=6)
IBANS = {"a": "DE89370400440532013000", "b": "NL91ABNA0417164300"}


def run() -> list[Payout]:
    return svc.payouts_create(period_start=START, period_end=END)


@pytest.fixture
def vendors(in_eu: Any) -> dict[str, Vendor]:
    return {"a": VendorFactory(name="Café Amsterdam", bic="COBADEFFXXX"),
            "b": VendorFactory(name="B Shop"), "small": VendorFactory()}  # fmt: skip


def test_job_pays_each_vendor_its_balance_once(vendors: Any) -> None:
    a, b, small = vendors["a"], vendors["b"], vendors["small"]
    earn(a.pk, "121.00", commission="10.00", vat="21.00")
    earn(b.pk, "50.00", commission="5.00")
    earn(small.pk, "20.00")  # below the 25.00 EUR minimum
    created = run()
    assert {(p.vendor_id, p.payout_amount) for p in created} == {
        (a.pk, D("90.00")),
        (b.pk, D("45.00")),
    }
    payout = Payout.objects.get(vendor=a)
    assert (payout.total_sales, payout.commission_amount, payout.commission_rate) == (
        D("121.00"), D("10.00"), D("0.0826"))  # fmt: skip
    assert payout.payout_number == f"EU-PO-{END:%Y%m%d}-{a.pk}-EUR"
    assert payout.status == "pending"
    assert vendor_balance(a.pk, "EUR") == D(0)
    assert account_balance("payouts_in_transit", "EUR") == D("-135.00")
    assert run() == []
    assert Payout.objects.count() == 2
    assert AuditLog.objects.filter(action="payout.create").count() == 2


def test_suspended_vendor_is_held(vendors: Any) -> None:
    earn(vendors["a"].pk, "100.00")
    vendors["a"].status = Vendor.Status.SUSPENDED
    vendors["a"].save()
    assert run() == []
    assert vendor_balance(vendors["a"].pk, "EUR") == D("100.00")


def test_cod_debt_is_netted_before_paying(vendors: Any) -> None:
    from globalmarket.ledger import posting

    a = vendors["a"]
    posting.on_cod_delivered(posting.CodDelivered(vendor_order_id="c1", vendor_id=a.pk, currency="EUR",
                                                  gross=D("100.00"), vat=D("0"), vat_country="NL",
                                                  commission=D("30.00")))  # fmt: skip
    earn(a.pk, "50.00")
    assert run() == []  # 50 - 30 = 20 < 25
    earn(a.pk, "10.00")
    assert [p.payout_amount for p in run()] == [D("30.00")]


def test_approve_then_paid(vendors: Any, make_user: Any, in_eu: Any) -> None:
    earn(vendors["a"].pk, "100.00")
    (payout,) = run()
    finance = make_user(in_eu, staff_role="finance")
    svc.payout_approve(payout_id=payout.pk, actor=finance)
    svc.payout_approve(payout_id=payout.pk, actor=finance)  # a replay changes nothing
    payout.refresh_from_db()
    assert (payout.status, payout.approved_by_id) == ("processing", finance.pk)
    svc.payout_mark_paid(payout_id=payout.pk)
    svc.payout_mark_paid(payout_id=payout.pk)
    assert LedgerTransaction.objects.filter(kind="payout_paid").count() == 1
    assert account_balance("payouts_in_transit", "EUR") == D(0)
    with pytest.raises(Conflict):
        svc.payout_mark_failed(payout_id=payout.pk, reason="x")
    svc.payout_mark_returned(payout_id=payout.pk, reason="account closed")
    assert vendor_balance(vendors["a"].pk, "EUR") == D("100.00")


def test_failed_payout_goes_back_on_the_balance_and_is_paid_next_period(vendors: Any) -> None:
    earn(vendors["a"].pk, "100.00")
    (payout,) = run()
    svc.payout_mark_failed(payout_id=payout.pk, reason="IBAN closed")
    assert vendor_balance(vendors["a"].pk, "EUR") == D("100.00")
    assert Payout.objects.get().status == "failed"
    (again,) = svc.payouts_create(
        period_start=END + timedelta(days=1), period_end=END + timedelta(days=7)
    )
    assert again.payout_amount == D("100.00")


def test_unresolved_can_be_resolved(vendors: Any, make_user: Any, in_eu: Any) -> None:
    earn(vendors["a"].pk, "100.00")
    (payout,) = run()
    with pytest.raises(Conflict):
        svc.payout_mark_unresolved(payout_id=payout.pk, reason="bank silent")
    svc.payout_approve(payout_id=payout.pk, actor=make_user(in_eu, staff_role="finance"))
    svc.payout_mark_unresolved(payout_id=payout.pk, reason="bank silent")
    svc.payout_mark_paid(payout_id=payout.pk)
    assert Payout.objects.get().status == "paid"


def test_sepa_export_of_approved_payouts(vendors: Any, make_user: Any, in_eu: Any) -> None:
    finance = make_user(in_eu, staff_role="finance")
    earn(vendors["a"].pk, "100.00")
    earn(vendors["b"].pk, "60.50")
    for payout in run():
        svc.payout_approve(payout_id=payout.pk, actor=finance)
    ibans = {vendors["a"].pk: IBANS["a"], vendors["b"].pk: IBANS["b"]}
    batch = svc.payouts_export_sepa(actor=finance, iban_of=lambda v: ibans[v.pk])
    assert check(batch.xml.encode()) == []
    assert (batch.count, batch.control_sum) == (2, D("160.50"))
    assert "Cafe Amsterdam" in batch.xml and "<CtrlSum>160.50</CtrlSum>" in batch.xml
    assert set(Payout.objects.values_list("batch_id", flat=True)) == {batch.pk}
    with pytest.raises(Conflict):  # nothing left to export: never twice in a file
        svc.payouts_export_sepa(actor=finance, iban_of=lambda v: ibans[v.pk])


def test_sepa_export_refuses_payouts_without_iban(vendors: Any, make_user: Any, in_eu: Any) -> None:
    finance = make_user(in_eu, staff_role="finance")
    earn(vendors["a"].pk, "100.00")
    (payout,) = run()
    svc.payout_approve(payout_id=payout.pk, actor=finance)
    with pytest.raises(ApplicationError) as err:
        svc.payouts_export_sepa(actor=finance, iban_of=lambda v: "")
    assert err.value.code == "payout_no_bank_details"
    assert Payout.objects.get().batch_id is None


def test_check_finds_broken_files() -> None:
    from datetime import datetime

    from globalmarket.ledger.sepa.pain001 import Party, Transfer, build

    xml = build(message_id="M1", created_at=datetime(2026, 1, 1), execution_date=date(2026, 1, 2),
                debtor=Party("GM", IBANS["b"], "ABNANL2A"),
                transfers=[Transfer("E1", D("10.00"), Party("V", IBANS["a"]), "x")])  # fmt: skip
    assert check(xml) == []
    assert check(xml.replace(b"<CtrlSum>10.00</CtrlSum>", b"<CtrlSum>11.00</CtrlSum>", 1))
    assert check(xml.replace(IBANS["a"].encode(), b"DE89370400440532013001"))  # checksum
    assert check(xml.replace(b"<ChrgBr>SLEV</ChrgBr>", b""))  # required element
    assert check(xml.replace(b"ABNANL2A", b"abnanl2a"))  # BIC format
    assert check(b"<nope")


def test_job_after_a_crash_pays_the_rest_once(vendors: Any) -> None:
    from globalmarket.ledger import posting

    earn(vendors["a"].pk, "100.00")
    earn(vendors["b"].pk, "100.00")
    real = posting.on_payout_sent
    calls = []

    def crash_on_second(event: Any) -> Any:
        calls.append(event)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(event)

    with mock.patch.object(posting, "on_payout_sent", crash_on_second), pytest.raises(RuntimeError):
        run()
    assert Payout.objects.count() == 1  # the crashed vendor's payout rolled back entirely
    assert len(run()) == 1
    assert sorted(Payout.objects.values_list("payout_amount", flat=True)) == [
        D("100.00"),
        D("100.00"),
    ]
    assert vendor_balance(vendors["a"].pk, "EUR") == vendor_balance(vendors["b"].pk, "EUR") == D(0)


def test_schedule() -> None:
    monday = date(2026, 11, 23)
    assert payout_period(monday, "weekly") == (date(2026, 11, 16), date(2026, 11, 22))
    assert payout_period(date(2026, 11, 24), "weekly") is None
    assert payout_period(date(2026, 12, 1), "monthly") == (date(2026, 11, 1), date(2026, 11, 30))
    assert payout_period(monday, "daily") == (date(2026, 11, 22), date(2026, 11, 22))


def test_task_runs_per_region(vendors: Any, eu: Any) -> None:
    earn(vendors["a"].pk, "100.00")
    monday = END + timedelta(days=7 - END.weekday())
    with use_tenant(None):
        assert payouts_run(monday.isoformat()) == {"eu": 1, "mena": 0}
        assert payouts_run(monday.isoformat()) == {"eu": 0, "mena": 0}
        assert payouts_run((monday + timedelta(days=1)).isoformat()) == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_the_same_time_pay_each_vendor_once(eu: Any) -> None:
    with use_tenant(eu):
        ids = [VendorFactory().pk for _ in range(4)]
        for vendor_id in ids:
            earn(vendor_id, "100.00")
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with use_tenant(eu):
                barrier.wait()
                run()
        except BaseException as exc:
            errors.append(exc)
        finally:
            for conn in connections.all():
                conn.close()

    threads = [threading.Thread(target=job) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with use_tenant(eu):
        assert sorted(Payout.objects.values_list("vendor_id", flat=True)) == sorted(ids)
        assert LedgerTransaction.objects.filter(kind="payout_sent").count() == 4
        assert all(vendor_balance(v, "EUR") == D(0) for v in ids)
