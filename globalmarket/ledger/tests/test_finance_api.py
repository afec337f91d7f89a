from decimal import Decimal as D
from typing import Any
from unittest import mock

import pytest
from django.db import connections

from globalmarket.ledger import payouts as svc
from globalmarket.ledger import posting
from globalmarket.ledger.models import Payout
from globalmarket.ledger.selectors import vendor_balance
from globalmarket.ledger.sepa.pain001 import check
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

from .factories import earn

pytestmark = pytest.mark.django_db
IBAN = "DE89370400440532013000"


@pytest.fixture
def world(eu: Any, mena: Any, make_user: Any) -> dict[str, Any]:
    owner_a = make_user(eu, email="a@example.test")
    owner_b = make_user(eu, email="b@example.test")
    clerk = make_user(eu, email="clerk@example.test")
    with use_tenant(eu):
        a, b = VendorFactory(slug="shop-a"), VendorFactory(slug="shop-b")
        VendorMemberFactory(vendor=a, user=owner_a)
        VendorMemberFactory(vendor=b, user=owner_b)
        VendorMemberFactory(vendor=a, user=clerk, role="staff")
        earn(a.pk, "121.00", commission="10.00", vat="21.00")
        second = earn(a.pk, "60.00", commission="6.00")
        earn(b.pk, "40.00", commission="4.00")
        posting.on_refund(posting.RefundIssued(refund_id="r1", vendor_order_id=f"t{second}", vendor_id=a.pk,
                                               amount=D("30.00"), currency="EUR", provider="stripe"))  # fmt: skip
        svc.payouts_create(
            period_start=svc.timezone.localdate(), period_end=svc.timezone.localdate()
        )
    return {
        "a": a, "b": b, "owner_a": owner_a, "owner_b": owner_b, "clerk": clerk,
        "finance": make_user(eu, email="fin@example.test", staff_role="finance"),
        "admin": make_user(eu, email="adm@example.test", staff_role="admin"),
        "support": make_user(eu, email="sup@example.test", staff_role="support"),
        "mena_finance": make_user(mena, email="fin@mena.test", staff_role="finance"),
    }  # fmt: skip


def test_vendor_statement(eu: Any, api_for: Any, world: Any) -> None:
    body = api_for(eu, world["owner_a"]).get("/api/v1/vendor/finance/statement/").json()
    assert body["sales"] == "181.00"
    assert body["commission"] == "13.00"  # 16.00 less 3.00 returned with the refund
    assert body["vat_withheld"] == "21.00"
    assert body["movements"] == {"payout_sent": "-117.00", "refund": "-27.00",
                                 "vendor_order_delivered": "144.00"}  # fmt: skip
    assert (body["opening_balance"], body["closing_balance"]) == ("0.00", "0.00")
    later = api_for(eu, world["owner_a"]).get("/api/v1/vendor/finance/statement/",
                                              {"since": "2999-01-01"}).json()  # fmt: skip
    assert later["movements"] == {} and later["opening_balance"] == "0.00"


def test_statement_csv(eu: Any, api_for: Any, world: Any) -> None:
    response = api_for(eu, world["owner_a"]).get("/api/v1/vendor/finance/statement/export/")
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "date,kind,reference_type,reference_id,description,amount,balance,currency"
    assert [line.split(",")[-3:-1] for line in lines[1:]] == [
        ["90.00", "90.00"], ["54.00", "144.00"], ["-27.00", "117.00"], ["-117.00", "0.00"]]  # fmt: skip


def test_vendor_sees_only_its_own_payouts(eu: Any, mena: Any, api_for: Any, world: Any) -> None:
    with use_tenant(eu):
        payout_a = Payout.objects.get(vendor=world["a"])
    assert api_for(eu, world["owner_a"]).get(f"/api/v1/vendor/finance/payouts/{payout_a.pk}/").json()[
        "payout_amount"] == "117.00"  # fmt: skip
    response = api_for(eu, world["owner_b"]).get(f"/api/v1/vendor/finance/payouts/{payout_a.pk}/")
    assert response.status_code == 404
    assert [p["vendor_id"] for p in api_for(eu, world["owner_b"]).get(
        "/api/v1/vendor/finance/payouts/").json()["results"]] == [world["b"].pk]  # fmt: skip
    assert api_for(eu, world["clerk"]).get("/api/v1/vendor/finance/statement/",
                                           HTTP_X_VENDOR="shop-a").status_code == 403  # fmt: skip
    customer = api_for(eu, world["admin"])  # staff, but no vendor membership
    assert customer.get("/api/v1/vendor/finance/statement/").status_code == 404
    txns = (
        api_for(eu, world["owner_b"]).get("/api/v1/vendor/finance/transactions/").json()["results"]
    )
    assert {t["vendor_id"] for t in txns} == {world["b"].pk}


def test_staff_finance_is_per_region_and_per_role(
    eu: Any, mena: Any, api_for: Any, world: Any
) -> None:
    with use_tenant(eu):
        payout = Payout.objects.get(vendor=world["a"])
    url = f"/api/v1/staff/finance/payouts/{payout.pk}/approve/"
    assert api_for(mena, world["mena_finance"]).post(url).status_code == 404
    assert (
        api_for(mena, world["mena_finance"]).get("/api/v1/staff/finance/payouts/").json()["count"]
        == 0
    )
    assert api_for(eu, world["support"]).get("/api/v1/staff/finance/summary/").status_code == 403
    assert api_for(eu, world["admin"]).post(url).status_code == 403  # approving is finance's
    assert api_for(eu, world["owner_a"]).get("/api/v1/staff/finance/payouts/").status_code == 403


def test_staff_summary(eu: Any, api_for: Any, world: Any) -> None:
    body = api_for(eu, world["admin"]).get("/api/v1/staff/finance/summary/").json()
    assert body["currencies"] == [{
        "currency": "EUR", "gmv": "221.00", "payments_captured": "221.00", "commission": "17.00",
        "refunds": "30.00", "vat_by_country": {"NL": "21.00"}, "payouts_due": "153.00",
        "payouts_paid": "0.00"}]  # fmt: skip


def test_approve_export_and_outcomes_through_the_api(eu: Any, api_for: Any, world: Any) -> None:
    client = api_for(eu, world["finance"])
    with use_tenant(eu):
        ids = list(Payout.objects.order_by("id").values_list("pk", flat=True))
    for pk in ids:
        response = client.post(f"/api/v1/staff/finance/payouts/{pk}/approve/")
        assert response.status_code == 200 and response.json()["status"] == "processing"
    with mock.patch.object(svc, "vendor_iban", lambda vendor: IBAN):
        response = client.post(
            "/api/v1/staff/finance/payouts/sepa-export/", HTTP_IDEMPOTENCY_KEY="k1"
        )
        assert response.status_code == 201, response.content
        replay = client.post(
            "/api/v1/staff/finance/payouts/sepa-export/", HTTP_IDEMPOTENCY_KEY="k1"
        )
        assert replay.json() == response.json()
        assert client.post("/api/v1/staff/finance/payouts/sepa-export/").status_code == 409
    batch = response.json()
    assert (batch["count"], batch["control_sum"]) == (2, "153.000")
    xml = client.get(f"/api/v1/staff/finance/payout-batches/{batch['id']}/xml/").content
    assert check(xml) == []
    failed = client.post(f"/api/v1/staff/finance/payouts/{ids[0]}/outcome/",
                         {"outcome": "failed", "reason": "account closed"}, format="json")  # fmt: skip
    assert failed.json()["status"] == "failed"
    with use_tenant(eu):
        assert vendor_balance(world["a"].pk, "EUR") == D("117.00")
    bad = client.post(
        f"/api/v1/staff/finance/payouts/{ids[0]}/outcome/", {"outcome": "paid"}, format="json"
    )
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "payout_invalid_state"
    bad = client.post(
        f"/api/v1/staff/finance/payouts/{ids[1]}/outcome/", {"outcome": "won"}, format="json"
    )
    assert bad.status_code == 400 and "outcome" in bad.json()["error"]["fields"]


def test_bad_periods_are_400(eu: Any, api_for: Any, world: Any) -> None:
    client = api_for(eu, world["owner_a"])
    response = client.get("/api/v1/vendor/finance/statement/", {"since": "2026-13-01"})
    assert response.status_code == 400 and "since" in response.json()["error"]["fields"]
    response = client.get(
        "/api/v1/vendor/finance/statement/", {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert "until" in response.json()["error"]["fields"]
    assert client.get("/api/v1/vendor/finance/statement/", {"currency": "eur"}).status_code == 400


def test_list_query_counts(
    eu: Any, api_for: Any, world: Any, django_assert_num_queries: Any
) -> None:
    with use_tenant(eu):
        for _ in range(5):
            earn(world["b"].pk, "10.00")
    client = api_for(eu, world["finance"])
    region = connections["region_eu"]
    with django_assert_num_queries(4, connection=region):  # user, count, page, entries+accounts
        assert (
            len(
                client.get("/api/v1/staff/finance/transactions/", {"page_size": 15}).json()[
                    "results"
                ]
            )
            == 15
        )
    with django_assert_num_queries(3, connection=region):  # user, count, page
        client.get("/api/v1/staff/finance/payouts/")
    owner = api_for(eu, world["owner_b"])
    with django_assert_num_queries(4, connection=region):  # user, membership, count, page
        owner.get("/api/v1/vendor/finance/payouts/")
