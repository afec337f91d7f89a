"""The customer's payment endpoints: start/retry with Idempotency-Key, state, isolation."""

import pytest
from django.db import connections

from globalmarket.payments.models import Payment, PaymentAttempt
from globalmarket.tenancy.context import use_tenant

from .factories import make_order
from .helpers import post_webhook, sandbox_event, signed

pytestmark = pytest.mark.django_db


def _url(order) -> str:
    return f"/api/v1/orders/{order.number}/payment/"


def test_start_is_idempotent_and_state_is_readable(eu, api_for, make_user, run_on_commit):
    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
    api = api_for(eu, customer)
    assert api.get(_url(order)).json()["error"]["code"] == "payment_not_found"
    first = api.post(
        _url(order), {"payment_method": "card"}, format="json", HTTP_IDEMPOTENCY_KEY="pay-1"
    )
    replay = api.post(
        _url(order), {"payment_method": "card"}, format="json", HTTP_IDEMPOTENCY_KEY="pay-1"
    )
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    assert first.json()["attempt"]["redirect_url"].startswith("/payments/sandbox/")
    with use_tenant(eu):
        assert PaymentAttempt.objects.count() == 1
    state = api.get(_url(order) + "?refresh=1")
    assert state.status_code == 200
    assert (state.json()["status"], state.json()["amount"], state.json()["method"]) == (
        "requires_action",
        "100.00",
        "card",
    )


def test_switching_method_and_refusals(eu, mena, api_for, make_user):
    customer = make_user(eu, email="sam@example.test")
    other = make_user(eu, email="eve@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer, country="DE")
    api = api_for(eu, customer)
    ideal = api.post(_url(order), {"payment_method": "ideal"}, format="json")
    assert ideal.status_code == 400
    assert (
        ideal.json()["error"]["fields"]["payment_method"][0]["code"] == "payment_method_not_offered"
    )
    bogus = api.post(
        _url(order), {"payment_method": "bitcoin", "payment_token": "x"}, format="json"
    )
    assert bogus.status_code == 400
    assert set(bogus.json()["error"]["fields"]) == {"payment_method", "payment_token"}
    not_hers = api_for(eu, other).post(_url(order), {}, format="json")
    # The orders app's own access rule and error, as on /orders/<number>/.
    assert not_hers.status_code == 404 and not_hers.json()["error"]["code"] == "order_not_found"
    assert api_for(eu).post(_url(order), {}, format="json").status_code == 401
    # The same order number asked in another region: that region has no such order.
    mena_user = make_user(mena, email="m@example.test")
    assert api_for(mena, mena_user).get(_url(order)).status_code == 404
    assert api_for(mena, mena_user).post(_url(order), {}, format="json").status_code == 404
    paypal = api.post(_url(order), {"payment_method": "paypal"}, format="json")
    assert paypal.status_code == 201 and paypal.json()["payment"]["method"] == "paypal"
    with use_tenant(eu):
        order.refresh_from_db()
        assert order.payment_method == "paypal"
        assert Payment.objects.get().attempts.count() == 1


def test_paid_or_cancelled_orders_cannot_be_paid_again(eu, api_for, make_user, run_on_commit):
    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
    api = api_for(eu, customer)
    with run_on_commit():
        api.post(_url(order), {}, format="json")
    with use_tenant(eu):
        attempt = PaymentAttempt.objects.get()
    body = sandbox_event(attempt, "charge.succeeded")
    with run_on_commit():
        post_webhook(api_for(eu), "sandbox", body, signed(body))
    again = api.post(_url(order), {}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "order_not_payable"
    with use_tenant(eu):
        assert PaymentAttempt.objects.count() == 1


def test_webhook_replay_costs_a_fixed_number_of_queries(
    eu, api_for, run_on_commit, django_assert_num_queries
):
    customer_order_client = api_for(eu)
    with use_tenant(eu):
        order = make_order()
        from globalmarket.payments.order_payments import order_payment_start

        with run_on_commit():
            started = order_payment_start(order=order)
    body = sandbox_event(started.attempt, "charge.succeeded")
    with run_on_commit():
        post_webhook(customer_order_client, "sandbox", body, signed(body))
    # A replay: 2 savepoints, the refused insert (+ rollback/release), the locked read, the
    # counter update, the release — and nothing about the payment.
    with django_assert_num_queries(8, connection=connections["region_eu"]):
        response = post_webhook(customer_order_client, "sandbox", body, signed(body))
    assert response.json() == {"received": True, "duplicate": True}


def test_starting_twice_resumes_the_open_attempt(eu, api_for, make_user, run_on_commit):
    from globalmarket.payments.models import SandboxCharge
    from globalmarket.payments.order_payments import order_payment_start

    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(customer=customer)
        first = order_payment_start(order=order)
        again = order_payment_start(order=order)
        assert again.attempt.pk == first.attempt.pk and again.redirect_url == first.redirect_url
        assert SandboxCharge.objects.count() == 1
        switched = order_payment_start(order=order, method="paypal")
        assert switched.attempt.pk != first.attempt.pk
        assert PaymentAttempt.objects.count() == 2
