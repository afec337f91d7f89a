"""Paying orders: confirmation, stock kept or re-reserved, automatic refunds, COD, methods."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from globalmarket.catalog.models import ProductVariant
from globalmarket.checkout.models import StockReservation
from globalmarket.orders.models import Order, OrderEvent
from globalmarket.payments.methods import offered_methods
from globalmarket.payments.models import Payment, Refund, SandboxCharge
from globalmarket.payments.order_payments import order_payment_start
from globalmarket.tenancy.context import use_tenant

from .factories import make_order

pytestmark = pytest.mark.django_db


def _pay(eu, started, run_on_commit, action="approve"):
    browser = Client(HTTP_HOST="eu.localhost")
    with run_on_commit():
        return browser.post(started.redirect_url, {"action": action})


def test_paid_by_webhook_confirms_the_order_and_sells_the_reserved_stock(
    eu, make_user, run_on_commit
):
    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
        with run_on_commit():
            started = order_payment_start(order=order)
        assert started.status == "requires_action"
        assert started.redirect_url.startswith("/payments/sandbox/")
        assert Order.objects.get(pk=order.pk).status == "pending"
    _pay(eu, started, run_on_commit)
    with use_tenant(eu):
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("confirmed", "paid")
        assert order.paid_at is not None and order.confirmed_at is not None
        assert set(StockReservation.objects.values_list("status", flat=True)) == {"committed"}
        assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [8, 8]
        assert OrderEvent.objects.get(order=order, kind="payment").note == "Payment received."
        status = OrderEvent.objects.get(order=order, kind="status")
        assert (status.from_status, status.to_status, status.actor_role) == (
            "pending",
            "confirmed",
            "system",
        )
    assert [m.to for m in mail.outbox] == [["sam@example.test"]]
    assert "Payment received" in mail.outbox[0].subject


def test_success_after_expiry_re_reserves_stock_when_available(eu, run_on_commit):
    with use_tenant(eu):
        order = make_order()
        with run_on_commit():
            started = order_payment_start(order=order)
        _expire_and_release(order)
        assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [10, 10]
    _pay(eu, started, run_on_commit)
    with use_tenant(eu):
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("confirmed", "paid")
        assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [8, 8]
        assert set(StockReservation.objects.values_list("status", flat=True)) == {"committed"}
        assert not Refund.objects.exists()


def test_success_after_expiry_without_stock_cancels_and_refunds_automatically(eu, run_on_commit):
    with use_tenant(eu):
        order = make_order(customer=None)
        with run_on_commit():
            started = order_payment_start(order=order)
        _expire_and_release(order)
        sold_out = ProductVariant.objects.order_by("pk").first()
        ProductVariant.objects.filter(pk=sold_out.pk).update(stock=1)  # someone else bought them
    _pay(eu, started, run_on_commit)
    with use_tenant(eu):
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("cancelled", "refunded")
        assert set(order.vendor_orders.values_list("status", flat=True)) == {"cancelled"}
        payment = Payment.objects.get(order=order)
        assert (payment.status, payment.refunded_amount, payment.captured_amount) == (
            "refunded",
            payment.captured_amount,
            payment.amount,
        )
        refunds = list(
            Refund.objects.order_by("vendor_order_id").values_list(
                "automatic", "status", "amount", "vendor_order_id"
            )
        )
        vendor_orders = list(order.vendor_orders.order_by("pk").values_list("pk", flat=True))
        assert refunds == [
            (True, "succeeded", Decimal("50.000"), vendor_orders[0]),
            (True, "succeeded", Decimal("50.000"), vendor_orders[1]),
        ]  # one per vendor order
        assert SandboxCharge.objects.get().refunded_minor == 10000
        # nothing taken from stock: the other variant got its units back, the sold-out one untouched
        assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [1, 10]
        kinds = list(
            OrderEvent.objects.filter(order=order, kind__in=["payment", "refund"]).values_list(
                "kind", flat=True
            )
        )
        assert kinds == ["payment", "refund", "refund"]
        assert order.payment_status == "refunded" and order.status == "cancelled"
    assert "could not be completed" in mail.outbox[0].subject


def _expire_and_release(order):
    """The hold runs out: the expiry job cancels the unpaid order and gives its stock back."""
    from globalmarket.orders.services import order_expire

    StockReservation.objects.filter(order=order).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert order_expire(order=order) is True
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert set(StockReservation.objects.values_list("status", flat=True)) == {"released"}


def test_declined_payment_leaves_the_order_pending_and_the_stock_reserved(eu, run_on_commit):
    with use_tenant(eu):
        order = make_order()
        with run_on_commit():
            started = order_payment_start(order=order)
    _pay(eu, started, run_on_commit, action="decline")
    with use_tenant(eu):
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("pending", "failed")
        assert set(StockReservation.objects.values_list("status", flat=True)) == {"active"}
        assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [8, 8]


def test_cash_on_delivery_confirms_at_checkout_and_is_paid_when_collected(eu, run_on_commit):
    from globalmarket.payments.services import cod_mark_collected

    with use_tenant(eu):
        order = make_order(method="cod")
        with run_on_commit():
            started = order_payment_start(order=order)
        assert (started.status, started.redirect_url) == ("pending", "")
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("confirmed", "cod")
        assert set(StockReservation.objects.values_list("status", flat=True)) == {"committed"}
        payment = cod_mark_collected(payment=started.payment)
        assert payment.status == "paid"
        order.refresh_from_db()
        assert order.payment_status == "paid"
        assert cod_mark_collected(payment=payment).status == "paid"  # twice is harmless


def test_methods_offered_per_region_and_country(eu, mena):
    assert offered_methods(eu, "NL") == ["card", "ideal", "paypal", "cod"]
    assert offered_methods(eu, "DE") == ["card", "paypal", "cod"]
    assert offered_methods(mena, "AE") == ["card", "paypal", "cod"]
    assert offered_methods(mena, "NL") == ["card", "paypal", "cod"]
    eu.features = {"cash_on_delivery": False}
    assert offered_methods(eu, "NL") == ["card", "ideal", "paypal"]


def test_ideal_for_a_german_address_is_refused(eu):
    with use_tenant(eu):
        order = make_order(method="ideal", country="DE")
        with pytest.raises(Exception) as info:
            order_payment_start(order=order)
        assert info.value.code == "payment_method_not_offered"
        assert not Payment.objects.exists()


def test_confirmation_page_shows_the_real_state_and_only_to_the_customer(
    eu, make_user, run_on_commit
):
    customer = make_user(eu, email="sam@example.test")
    other = make_user(eu, email="eve@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
        with run_on_commit():
            started = order_payment_start(order=order)
    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):
        browser.force_login(customer)
    page = browser.get(f"/orders/{order.number}/payment/")
    assert page.status_code == 200
    assert b'data-payment-status="requires_action"' in page.content
    assert started.redirect_url.encode() in page.content
    _pay(eu, started, run_on_commit)
    page = browser.get(f"/orders/{order.number}/payment/")
    assert b'data-payment-status="paid"' in page.content
    intruder = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):
        intruder.force_login(other)
    assert intruder.get(f"/orders/{order.number}/payment/").status_code == 404
    assert (
        Client(HTTP_HOST="eu.localhost").get(f"/orders/{order.number}/payment/").status_code == 404
    )


def test_return_without_webhook_does_not_mark_paid_until_the_provider_says_so(
    eu, make_user, run_on_commit
):
    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
        with run_on_commit():
            order_payment_start(order=order)
    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):
        browser.force_login(customer)
    # The shopper "returns" without paying: the provider says it is still waiting.
    page = browser.get(f"/orders/{order.number}/payment/?status=paid&redirect_status=succeeded")
    assert b'data-payment-status="requires_action"' in page.content
    with use_tenant(eu):
        assert Payment.objects.get().status == "requires_action"
        # The provider recorded success but its webhook never arrived: the page's server-side fetch applies it.
        SandboxCharge.objects.update(status="succeeded", captured_minor=10000)
    from django.core.cache import cache

    cache.clear()
    page = browser.get(f"/orders/{order.number}/payment/")
    assert b'data-payment-status="paid"' in page.content
    with use_tenant(eu):
        assert Payment.objects.get().events.last().source == "fetch"


def test_vendors_mark_cash_collected_then_the_cod_payment_is_paid(
    eu, api_for, make_user, run_on_commit
):
    from globalmarket.accounts.roles import VendorRole
    from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

    alice = make_user(eu, email="alice@example.test")
    bob = make_user(eu, email="bob@example.test")
    with use_tenant(eu):
        va, vb = VendorFactory(), VendorFactory()
        VendorMemberFactory(vendor=va, user=alice, role=VendorRole.STAFF)
        VendorMemberFactory(vendor=vb, user=bob, role=VendorRole.OWNER)
        order = make_order(method="cod", vendors=[va, vb])
        with run_on_commit():
            order_payment_start(order=order)
        first, second = order.vendor_orders.order_by("pk")
    url = "/api/v1/vendor/orders/{}/cash-collected/"
    assert api_for(eu, alice).post(url.format(second.number)).status_code == 404  # not her order
    response = api_for(eu, alice).post(url.format(first.number))
    assert response.status_code == 200
    assert response.json()["status"] == "pending"  # one of two vendors collected
    assert (
        api_for(eu, alice).post(url.format(first.number)).json()["status"] == "pending"
    )  # repeat: no change
    with run_on_commit():
        response = api_for(eu, bob).post(url.format(second.number))
    assert response.json()["status"] == "paid"
    with use_tenant(eu):
        order.refresh_from_db()
        assert order.payment_status == "paid"
        from globalmarket.ledger.models import LedgerTransaction

        assert not LedgerTransaction.objects.filter(
            reference_type="payment"
        ).exists()  # COD: booked at delivery
        assert (
            OrderEvent.objects.filter(
                order=order, kind="payment", note="Cash collected on delivery."
            ).count()
            == 2
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_starts_share_one_payment(eu):
    import threading

    from django.db import connections

    with use_tenant(eu):
        order = make_order()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start() -> None:
        try:
            with use_tenant(eu):
                barrier.wait(timeout=10)
                order_payment_start(order=Order.objects.get(pk=order.pk))
                outcomes.append("ok")
        except Exception as exc:  # the bug was an IntegrityError (a 500)
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["ok", "ok"]
    with use_tenant(eu):
        assert Payment.objects.filter(order=order).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_state_change_and_a_new_start_of_one_order_do_not_deadlock(eu):
    """A state change (payment locked, then its hooks lock the order) racing a new start
    (order locked, then the payment) must not deadlock: both lock the order first."""
    import threading
    import time

    from django.db import connections

    from globalmarket.payments.services import lock_payment
    from globalmarket.tenancy.db import atomic

    with use_tenant(eu):
        order = make_order()
        payment = order_payment_start(order=order).payment
    holding = threading.Event()
    outcomes: dict[str, str] = {}

    def state_change() -> None:
        try:
            with use_tenant(eu), atomic():
                lock_payment(payment.pk)
                holding.set()
                time.sleep(0.5)  # the other start is now waiting on a lock
                list(Order.objects.select_for_update().filter(pk=order.pk))  # as the hooks do
            outcomes["state_change"] = "ok"
        except Exception as exc:
            outcomes["state_change"] = type(exc).__name__
        finally:
            connections.close_all()

    def new_start() -> None:
        try:
            holding.wait(timeout=10)
            with use_tenant(eu):
                order_payment_start(order=Order.objects.get(pk=order.pk), payment_token="retry")
            outcomes["new_start"] = "ok"
        except Exception as exc:
            outcomes["new_start"] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=state_change), threading.Thread(target=new_start)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"state_change": "ok", "new_start": "ok"}
