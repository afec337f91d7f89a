"""Refunds: never more than captured, by amount or lines, by vendors and staff."""

import threading
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client

from globalmarket.accounts.roles import VendorRole
from globalmarket.audit.models import AuditLog
from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.orders.models import OrderEvent, VendorOrder
from globalmarket.payments.models import Payment, Refund, SandboxCharge
from globalmarket.payments.order_payments import order_payment_start
from globalmarket.payments.refunds import refund_create
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

from .factories import make_order

pytestmark = pytest.mark.django_db


def _paid_order(eu, run_on_commit, **kwargs):
    with use_tenant(eu):
        order = make_order(**kwargs)
        with run_on_commit():
            started = order_payment_start(order=order)
    with run_on_commit():
        Client(HTTP_HOST="eu.localhost").post(started.redirect_url, {"action": "approve"})
    with use_tenant(eu):
        order.refresh_from_db()
        assert order.payment_status == "paid"
    return order


@pytest.fixture
def vendor_team(eu, make_user):
    owner = make_user(eu, email="owner@example.test")
    clerk = make_user(eu, email="clerk@example.test")
    with use_tenant(eu):
        vendor = VendorFactory()
        VendorMemberFactory(vendor=vendor, user=owner, role=VendorRole.OWNER)
        VendorMemberFactory(vendor=vendor, user=clerk, role=VendorRole.STAFF)
    return vendor, owner, clerk


def _url(vendor_order) -> str:
    return f"/api/v1/vendor/orders/{vendor_order.number}/refunds/"


def test_vendor_refunds_partially_then_the_rest_then_nothing_more(
    eu, api_for, vendor_team, run_on_commit
):
    vendor, owner, _ = vendor_team
    order = _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        vendor_order = order.vendor_orders.first()
        VendorOrder.objects.filter(pk=vendor_order.pk).update(vendor=vendor)
    api = api_for(eu, owner)
    with run_on_commit():
        first = api.post(
            _url(vendor_order), {"amount": "20.00", "reason": "Scratched"}, format="json"
        )
    assert first.status_code == 201, first.content
    assert (first.json()["amount"], first.json()["status"]) == ("20.00", "succeeded")
    with run_on_commit():
        second = api.post(
            _url(vendor_order), {"amount": "30.00", "reason": "Returned"}, format="json"
        )
    assert second.status_code == 201
    third = api.post(_url(vendor_order), {"amount": "0.01", "reason": "More"}, format="json")
    assert third.status_code == 409
    assert third.json()["error"]["code"] == "refund_exceeds_captured"
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert (payment.status, payment.refunded_amount) == (
            "partially_refunded",
            Decimal("50.000"),
        )
        assert SandboxCharge.objects.get().refunded_minor == 5000
        assert Refund.objects.filter(status="succeeded").count() == 2
        order.refresh_from_db()
        assert order.payment_status == "partially_refunded"
        events = OrderEvent.objects.filter(kind="refund").order_by("id")
        assert [
            (e.vendor_order_id, e.actor_id, e.actor_role, e.data["amount"]) for e in events
        ] == [
            (vendor_order.pk, owner.pk, "vendor", "20.00"),
            (vendor_order.pk, owner.pk, "vendor", "30.00"),
        ]
        from globalmarket.ledger.models import LedgerTransaction

        refunds = Refund.objects.order_by("pk").values_list("pk", flat=True)
        assert list(
            LedgerTransaction.objects.filter(kind="refund")
            .order_by("pk")
            .values_list("key", flat=True)
        ) == [f"refund:{pk}" for pk in refunds]
        audit = AuditLog.objects.filter(action="refund.create").order_by("id")
        assert [(a.actor_id, a.actor_role) for a in audit] == [
            (owner.pk, f"vendor:{vendor.slug}:owner")
        ] * 2


def test_refund_larger_than_captured_is_409_and_writes_nothing(
    eu, api_for, make_user, run_on_commit
):
    staff = make_user(eu, email="finance@example.test", staff_role="finance")
    order = _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        vendor_order = order.vendor_orders.first()
    response = api_for(eu, staff).post(f"/api/v1/staff/vendor-orders/{vendor_order.number}/refunds/",
                                       {"amount": "50.01", "reason": "Too much"}, format="json")  # fmt: skip
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "refund_exceeds_captured"
    with use_tenant(eu):
        assert not Refund.objects.exists()
        assert Payment.objects.get().refunded_amount == 0
        assert SandboxCharge.objects.get().refunded_minor == 0
        assert not AuditLog.objects.filter(action="refund.create").exists()


def test_payment_level_cap_holds_without_vendor_limit(eu, run_on_commit):
    _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        payment = Payment.objects.get()
        refund_create(payment=payment, amount=Decimal("99.99"), reason="most")
        with pytest.raises(Conflict) as info:
            refund_create(payment=payment, amount=Decimal("0.02"), reason="too much")
        assert info.value.code == "refund_exceeds_captured"
        refund_create(payment=payment, amount=Decimal("0.01"), reason="rest")
        payment.refresh_from_db()
        assert (payment.status, payment.refunded_amount) == ("refunded", Decimal("100.000"))


def test_refund_refused_by_the_provider_releases_the_reserved_amount(eu, run_on_commit):
    _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        # The provider has nothing left to give back (refunded elsewhere): it refuses.
        SandboxCharge.objects.update(refunded_minor=F("captured_minor"))
        payment = Payment.objects.get()
        with pytest.raises(ApplicationError) as info:
            refund_create(payment=payment, amount=Decimal("10.00"), reason="refused")
        assert (info.value.code, info.value.status) == ("refund_failed", 502)
        payment.refresh_from_db()
        assert (payment.status, payment.refunded_amount) == ("paid", Decimal("0.000"))
        refund = Refund.objects.get()
        assert (refund.status, refund.failure_message) == (
            "failed",
            "The refund exceeds what is left of the charge.",
        )
        assert not OrderEvent.objects.filter(kind="refund").exists()
        # The released amount can be refunded again once the provider agrees.
        SandboxCharge.objects.update(refunded_minor=0)
        refund_create(payment=payment, amount=Decimal("10.00"), reason="again")
        payment.refresh_from_db()
        assert payment.refunded_amount == Decimal("10.000")


def test_refund_on_an_unpaid_order_is_409(eu, api_for, make_user, run_on_commit):
    staff = make_user(eu, email="finance@example.test", staff_role="finance")
    with use_tenant(eu):
        order = make_order()
        with run_on_commit():
            order_payment_start(order=order)
        vendor_order = order.vendor_orders.first()
        unstarted = make_order().vendor_orders.first()
    for target in (vendor_order, unstarted):
        response = api_for(eu, staff).post(f"/api/v1/staff/vendor-orders/{target.number}/refunds/",
                                           {"amount": "1.00", "reason": "x"}, format="json")  # fmt: skip
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "payment_not_captured"
    with use_tenant(eu):
        assert not Refund.objects.exists()


def test_refund_by_lines(eu, api_for, make_user, run_on_commit):
    staff = make_user(eu, email="finance@example.test", staff_role="finance")
    order = _paid_order(eu, run_on_commit, quantity=2)
    with use_tenant(eu):
        vendor_order = order.vendor_orders.first()
        line = vendor_order.lines.get()
    url = f"/api/v1/staff/vendor-orders/{vendor_order.number}/refunds/"
    api = api_for(eu, staff)
    response = api.post(
        url, {"lines": [{"line_id": line.pk, "quantity": 1}], "reason": "One broken"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "25.00"
    assert response.json()["lines"] == [{"line_id": line.pk, "quantity": 1, "amount": "25.00"}]
    again = api.post(
        url, {"lines": [{"line_id": line.pk, "quantity": 2}], "reason": "Both"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["fields"]["lines.0.quantity"][0]["code"] == "max_value"
    with use_tenant(eu):
        other_line = order.vendor_orders.last().lines.get()
    foreign = api.post(
        url, {"lines": [{"line_id": other_line.pk, "quantity": 1}], "reason": "x"}, format="json"
    )
    assert foreign.status_code == 400
    assert foreign.json()["error"]["code"] == "refund_amount_invalid"
    with use_tenant(eu):
        assert Refund.objects.count() == 1


@pytest.mark.parametrize("body, field", [
    ({"reason": "x"}, "amount"),
    ({"amount": "1.00", "lines": [{"line_id": 1, "quantity": 1}], "reason": "x"}, "amount"),
    ({"amount": "1.001", "reason": "x"}, "amount"),
    ({"amount": 1.5, "reason": "x"}, "amount"),
    ({"amount": "-5", "reason": "x"}, "amount"),
    ({"amount": "1e400", "reason": "x"}, "amount"),
    ({"amount": "1.00"}, "reason"),
    ({"lines": [], "reason": "x"}, "lines.non_field_errors"),
    ({"lines": [{"line_id": "a", "quantity": 1}], "reason": "x"}, "lines.0.line_id"),
])  # fmt: skip
def test_bad_refund_input_is_400_with_field_codes(
    eu, api_for, make_user, run_on_commit, body, field
):
    staff = make_user(eu, email="finance@example.test", staff_role="finance")
    order = _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        vendor_order = order.vendor_orders.first()
    response = api_for(eu, staff).post(
        f"/api/v1/staff/vendor-orders/{vendor_order.number}/refunds/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    with use_tenant(eu):
        assert not Refund.objects.exists()


def test_who_may_refund(eu, mena, api_for, make_user, vendor_team, run_on_commit):
    vendor, owner, clerk = vendor_team
    support = make_user(eu, email="support@example.test", staff_role="support")
    customer = make_user(eu, email="c@example.test")
    order = _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        theirs = order.vendor_orders.first()  # another vendor's order
    body = {"amount": "1.00", "reason": "x"}
    assert api_for(eu, owner).post(_url(theirs), body, format="json").status_code == 404
    with use_tenant(eu):
        VendorOrder.objects.filter(pk=theirs.pk).update(vendor=vendor)
    assert api_for(eu, clerk).post(_url(theirs), body, format="json").status_code == 403
    assert api_for(eu, customer).post(_url(theirs), body, format="json").status_code == 404
    assert api_for(eu).post(_url(theirs), body, format="json").status_code == 401
    staff_url = f"/api/v1/staff/vendor-orders/{theirs.number}/refunds/"
    assert api_for(eu, support).post(staff_url, body, format="json").status_code == 403
    mena_admin = make_user(mena, email="admin@example.test", staff_role="admin")
    assert api_for(mena, mena_admin).post(staff_url, body, format="json").status_code == 404
    with use_tenant(eu):
        assert not Refund.objects.exists()


def test_idempotency_key_replays_the_first_refund(eu, api_for, make_user, run_on_commit):
    staff = make_user(eu, email="finance@example.test", staff_role="finance")
    order = _paid_order(eu, run_on_commit)
    with use_tenant(eu):
        vendor_order = order.vendor_orders.first()
    api = api_for(eu, staff)
    url = f"/api/v1/staff/vendor-orders/{vendor_order.number}/refunds/"
    body = {"amount": "10.00", "reason": "x"}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    replay = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = api.post(url, {**body, "amount": "11.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, replay.status_code, other.status_code) == (201, 201, 422)
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    with use_tenant(eu):
        assert Refund.objects.count() == 1
        assert Payment.objects.get().refunded_amount == Decimal("10.000")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refunds_exceeding_captured_only_one_succeeds(eu, run_on_commit):
    with use_tenant(eu):
        order = make_order()
        started = order_payment_start(order=order)
    Client(HTTP_HOST="eu.localhost").post(started.redirect_url, {"action": "approve"})
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert payment.status == "paid"
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def refund() -> None:
        from django.db import connections

        try:
            with use_tenant(eu):
                barrier.wait(timeout=10)
                refund_create(payment=payment, amount=Decimal("60.00"), reason="race")
                outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refund) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refund_exceeds_captured"]
    with use_tenant(eu):
        payment.refresh_from_db()
        assert payment.refunded_amount == Decimal("60.000")
        assert Refund.objects.filter(status="succeeded").count() == 1
        assert SandboxCharge.objects.get().refunded_minor == 6000
