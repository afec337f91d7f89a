"""iDEAL through Stripe Payment Intents, at the HTTP boundary (localstripe has no iDEAL).

The responses are the documented shapes of Stripe's API; the webhook is signed with
Stripe's scheme (HMAC-SHA256 over `t.payload`) exactly as Stripe signs it.
"""

import json
import time
from urllib.parse import parse_qs

import httpx
import pytest
import respx
import stripe

from globalmarket.payments.models import Payment, PaymentEvent
from globalmarket.payments.order_payments import order_payment_start
from globalmarket.tenancy.context import use_tenant

from .factories import make_order

pytestmark = pytest.mark.django_db

SECRET = "whsec_ideal_test"
REDIRECT = "https://hooks.stripe.com/redirect/authenticate/src_1Q2w3E4r5T6y7U8i?client_secret=src_client_secret_x"


def _intent(status: str, **extra):
    return {
        "id": "pi_3Ideal000000001", "object": "payment_intent", "amount": 10000, "amount_received": 0,
        "currency": "eur", "capture_method": "automatic", "client_secret": "pi_3Ideal000000001_secret_abc",
        "livemode": False, "payment_method_types": ["ideal"], "status": status, "next_action": None,
        "last_payment_error": None, "latest_charge": None, "metadata": {}, **extra,
    }  # fmt: skip


@pytest.fixture
def ideal_on(settings):
    settings.PAYMENTS_IDEAL_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_ideal"
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_WEBHOOK_SECRET = SECRET


def _signed_post(client, payload: dict, secret: str = SECRET):
    body = json.dumps(payload)
    ts = int(time.time())
    sig = stripe.WebhookSignature._compute_signature(f"{ts}.{body}", secret)
    return client.post("/api/v1/payments/webhooks/stripe/", body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=f"t={ts},v1={sig}")  # fmt: skip


@respx.mock(assert_all_mocked=True)
def test_ideal_redirects_to_the_bank_and_is_paid_by_the_webhook(
    respx_mock, eu, api_for, ideal_on, run_on_commit
):
    with use_tenant(eu):
        order = make_order(method="ideal", country="NL")
    route = respx_mock.post("https://api.stripe.com/v1/payment_intents").mock(
        return_value=httpx.Response(200, json=_intent(
            "requires_action",
            next_action={"type": "redirect_to_url",
                         "redirect_to_url": {"url": REDIRECT, "return_url": "https://globalmarket.eu/x"}},
        ))
    )  # fmt: skip
    with use_tenant(eu), run_on_commit():
        started = order_payment_start(order=order)
    assert (started.status, started.redirect_url) == ("requires_action", REDIRECT)
    sent = parse_qs(route.calls.last.request.content.decode())
    assert sent["payment_method_types[0]"] == ["ideal"]
    assert sent["payment_method_data[type]"] == ["ideal"]
    assert (
        sent["confirm"] == ["true"] and sent["amount"] == ["10000"] and sent["currency"] == ["eur"]
    )
    assert sent["return_url"] == [f"https://globalmarket.eu/orders/{order.number}/payment/"]
    assert sent["metadata[attempt]"] == [str(started.attempt.public_id)]
    assert route.calls.last.request.headers["Idempotency-Key"] == started.attempt.idempotency_key
    assert route.calls.last.request.headers["Authorization"] == "Bearer sk_test_ideal"

    event = {"id": "evt_ideal_1", "object": "event", "type": "payment_intent.succeeded",
             "data": {"object": _intent("succeeded", amount_received=10000, latest_charge="py_ideal_1",
                                        metadata={"attempt": str(started.attempt.public_id)})}}  # fmt: skip
    client = api_for(eu)
    with run_on_commit():
        assert _signed_post(client, event, secret="whsec_wrong").status_code == 400
    with use_tenant(eu):
        assert Payment.objects.get().status == "requires_action"
    with run_on_commit():
        response = _signed_post(client, event)
    assert response.status_code == 200
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert (payment.status, payment.transaction_id, payment.method) == (
            "paid",
            "py_ideal_1",
            "ideal",
        )
        assert PaymentEvent.objects.get(to_status="paid").source == "webhook"
        order.refresh_from_db()
        assert order.payment_status == "paid"


@respx.mock(assert_all_mocked=True)
def test_ideal_failed_at_the_bank(respx_mock, eu, api_for, ideal_on, run_on_commit):
    with use_tenant(eu):
        order = make_order(method="ideal", country="NL")
    respx_mock.post("https://api.stripe.com/v1/payment_intents").mock(
        return_value=httpx.Response(200, json=_intent("requires_action", next_action={
            "type": "redirect_to_url", "redirect_to_url": {"url": REDIRECT}})))  # fmt: skip
    with use_tenant(eu), run_on_commit():
        started = order_payment_start(order=order)
    event = {"id": "evt_ideal_2", "object": "event", "type": "payment_intent.payment_failed",
             "data": {"object": _intent("requires_payment_method",
                                        last_payment_error={"code": "payment_method_provider_decline",
                                                            "message": "The bank declined."},
                                        metadata={"attempt": str(started.attempt.public_id)})}}  # fmt: skip
    with run_on_commit():
        assert _signed_post(api_for(eu), event).status_code == 200
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert (payment.status, payment.failure_code) == (
            "failed",
            "payment_method_provider_decline",
        )
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("pending", "failed")


@respx.mock(assert_all_mocked=True)
def test_stripe_unreachable_is_502_and_the_attempt_is_kept(
    respx_mock, eu, api_for, make_user, ideal_on
):
    customer = make_user(eu, email="sam@example.test")
    with use_tenant(eu):
        order = make_order(method="ideal", country="NL", customer=customer)
    respx_mock.post("https://api.stripe.com/v1/payment_intents").mock(
        side_effect=httpx.ConnectError("down")
    )
    response = api_for(eu, customer).post(
        f"/api/v1/orders/{order.number}/payment/", {}, format="json"
    )
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "payment_provider_error"
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert payment.status == "failed"
        assert payment.attempts.get().status == "failed"
