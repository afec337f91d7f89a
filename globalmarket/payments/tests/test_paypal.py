"""PayPal Orders v2 at the HTTP boundary (respx fakes of PayPal's documented responses)."""

import json
from decimal import Decimal

import httpx
import pytest
import respx

from globalmarket.payments.models import Payment, PaymentEvent, Refund, WebhookInbox
from globalmarket.payments.order_payments import order_payment_start
from globalmarket.payments.refunds import refund_create
from globalmarket.tenancy.context import use_tenant

from .factories import make_order

pytestmark = pytest.mark.django_db

API = "https://api-m.sandbox.paypal.com"
ORDER_ID = "5O190127TN364715T"
CAPTURE_ID = "3C679366HH908993F"
APPROVE = f"https://www.sandbox.paypal.com/checkoutnow?token={ORDER_ID}"
HEADERS = {
    "HTTP_PAYPAL_AUTH_ALGO": "SHA256withRSA",
    "HTTP_PAYPAL_CERT_URL": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
    "HTTP_PAYPAL_TRANSMISSION_ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "HTTP_PAYPAL_TRANSMISSION_SIG": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==",
    "HTTP_PAYPAL_TRANSMISSION_TIME": "2026-11-25T11:00:00Z",
}


@pytest.fixture
def paypal_on(settings):
    settings.PAYMENTS_PAYPAL_PROVIDER = "paypal"
    settings.PAYPAL_API_BASE = API
    settings.PAYPAL_CLIENT_ID = "client-id"
    settings.PAYPAL_CLIENT_SECRET = "client-secret"
    settings.PAYPAL_WEBHOOK_ID = "WH-1JE4SRSJ7NS5PKRXT-83Q49347XU287164M"


def _fake_paypal(mock, *, verification: str = "SUCCESS"):
    mock.post(f"{API}/v1/oauth2/token").mock(return_value=httpx.Response(200, json={
        "scope": "https://uri.paypal.com/services/payments/payment", "access_token": "A21AAFEpH4PsADK7",
        "token_type": "Bearer", "app_id": "APP-80W284485P519543T", "expires_in": 31668}))  # fmt: skip
    mock.post(f"{API}/v2/checkout/orders").mock(return_value=httpx.Response(200, json={
        "id": ORDER_ID, "status": "PAYER_ACTION_REQUIRED",
        "payment_source": {"paypal": {}},
        "links": [{"href": f"{API}/v2/checkout/orders/{ORDER_ID}", "rel": "self", "method": "GET"},
                  {"href": APPROVE, "rel": "payer-action", "method": "GET"}]}))  # fmt: skip
    mock.post(f"{API}/v2/checkout/orders/{ORDER_ID}/capture").mock(return_value=httpx.Response(201, json={
        "id": ORDER_ID, "status": "COMPLETED",
        "purchase_units": [{"reference_id": "default", "payments": {"captures": [{
            "id": CAPTURE_ID, "status": "COMPLETED", "amount": {"currency_code": "EUR", "value": "100.00"},
            "final_capture": True}]}}],
        "links": []}))  # fmt: skip
    mock.post(f"{API}/v2/payments/captures/{CAPTURE_ID}/refund").mock(
        return_value=httpx.Response(
            201,
            json={
                "id": "1JU08902781691411",
                "status": "COMPLETED",
                "links": [
                    {
                        "href": f"{API}/v2/payments/refunds/1JU08902781691411",
                        "rel": "self",
                        "method": "GET",
                    }
                ],
            },
        )
    )
    return mock.post(f"{API}/v1/notifications/verify-webhook-signature").mock(
        return_value=httpx.Response(200, json={"verification_status": verification})
    )


def _approved_event(attempt_id: str) -> dict:
    return {
        "id": "WH-COC11055RA711503B-4YM959094A144403T", "event_version": "1.0",
        "create_time": "2026-11-25T11:00:00.000Z", "resource_type": "checkout-order",
        "event_type": "CHECKOUT.ORDER.APPROVED", "summary": "An order has been approved by buyer",
        "resource": {"id": ORDER_ID, "status": "APPROVED", "intent": "CAPTURE",
                     "purchase_units": [{"reference_id": "default", "custom_id": attempt_id,
                                         "amount": {"currency_code": "EUR", "value": "100.00"}}]},
    }  # fmt: skip


def _capture_event(attempt_id: str) -> dict:
    return {
        "id": "WH-58D329510W468432D-8HN650336L201105X", "event_version": "1.0",
        "resource_type": "capture", "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {"id": CAPTURE_ID, "status": "COMPLETED", "custom_id": attempt_id,
                     "amount": {"currency_code": "EUR", "value": "100.00"},
                     "supplementary_data": {"related_ids": {"order_id": ORDER_ID}}},
    }  # fmt: skip


def _post(client, event: dict, headers: dict | None = None):
    return client.post("/api/v1/payments/webhooks/paypal/", json.dumps(event), content_type="application/json",
                       **(HEADERS if headers is None else headers))  # fmt: skip


@respx.mock(assert_all_mocked=True, assert_all_called=False)
def test_paypal_approve_capture_and_refund(respx_mock, eu, api_for, paypal_on, run_on_commit):
    verify = _fake_paypal(respx_mock)
    with use_tenant(eu):
        order = make_order(method="paypal", country="DE")
        with run_on_commit():
            started = order_payment_start(order=order)
    assert (started.status, started.redirect_url) == ("requires_action", APPROVE)
    create = respx_mock.routes[1].calls.last.request
    sent = json.loads(create.content)
    assert sent["intent"] == "CAPTURE"
    assert sent["purchase_units"][0]["amount"] == {"currency_code": "EUR", "value": "100.00"}
    assert sent["purchase_units"][0]["custom_id"] == str(started.attempt.public_id)
    assert sent["payment_source"]["paypal"]["experience_context"]["return_url"] == (
        f"https://globalmarket.eu/orders/{order.number}/payment/"
    )
    assert create.headers["PayPal-Request-Id"] == started.attempt.idempotency_key
    assert create.headers["Authorization"] == "Bearer A21AAFEpH4PsADK7"

    client = api_for(eu)
    with run_on_commit():
        assert _post(client, _approved_event(str(started.attempt.public_id))).status_code == 200
    checked = json.loads(verify.calls.last.request.content)
    assert checked["webhook_id"] == "WH-1JE4SRSJ7NS5PKRXT-83Q49347XU287164M"
    assert checked["transmission_id"] == HEADERS["HTTP_PAYPAL_TRANSMISSION_ID"]
    assert checked["webhook_event"]["id"] == "WH-COC11055RA711503B-4YM959094A144403T"
    with use_tenant(eu):
        payment = Payment.objects.get()
        assert (payment.status, payment.transaction_id, payment.captured_amount) == (
            "paid",
            CAPTURE_ID,
            Decimal("100.000"),
        )
        assert list(PaymentEvent.objects.values_list("to_status", "source")) == [
            ("requires_action", "provider_api"),
            ("authorized", "webhook"),
            ("paid", "provider_api"),
        ]
    with run_on_commit():
        assert _post(client, _capture_event(str(started.attempt.public_id))).status_code == 200
    with use_tenant(eu):
        assert PaymentEvent.objects.count() == 3  # the capture webhook repeats what we know
        assert WebhookInbox.objects.filter(status="processed").count() == 2
        refund = refund_create(payment=payment, amount=Decimal("40.00"), reason="Late delivery")
        assert (refund.status, refund.provider_reference) == ("succeeded", "1JU08902781691411")
    refund_call = respx_mock.routes[3].calls.last.request
    assert json.loads(refund_call.content)["amount"] == {"currency_code": "EUR", "value": "40.00"}
    assert refund_call.headers["PayPal-Request-Id"] == f"gm-refund-{refund.public_id}"


@respx.mock(assert_all_mocked=True, assert_all_called=False)
def test_paypal_webhook_that_paypal_does_not_verify_is_rejected(
    respx_mock, eu, api_for, paypal_on, run_on_commit
):
    verify = _fake_paypal(respx_mock, verification="FAILURE")
    with use_tenant(eu), run_on_commit():
        started = order_payment_start(order=make_order(method="paypal", country="DE"))
    client = api_for(eu)
    response = _post(client, _approved_event(str(started.attempt.public_id)))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "webhook_signature_invalid"
    calls = verify.call_count
    assert (
        _post(client, _approved_event("x"), headers={}).status_code == 400
    )  # no transmission headers
    assert verify.call_count == calls  # refused before asking PayPal
    with use_tenant(eu):
        assert not WebhookInbox.objects.exists()
        assert Payment.objects.get().status == "requires_action"


@respx.mock(assert_all_mocked=True, assert_all_called=False)
def test_paypal_refund_refused_releases_the_amount(respx_mock, eu, paypal_on, run_on_commit):
    _fake_paypal(respx_mock)
    respx_mock.post(f"{API}/v2/payments/captures/{CAPTURE_ID}/refund").mock(
        return_value=httpx.Response(
            422,
            json={"name": "UNPROCESSABLE_ENTITY", "details": [{"issue": "REFUND_AMOUNT_EXCEEDED"}]},
        )
    )
    with use_tenant(eu):
        with run_on_commit():
            started = order_payment_start(order=make_order(method="paypal", country="DE"))
        from globalmarket.payments.services import payment_capture

        Payment.objects.filter(pk=started.payment.pk).update(status="authorized")
        payment = payment_capture(payment=Payment.objects.get())
        assert payment.status == "paid"
        with pytest.raises(Exception) as info:
            refund_create(payment=payment, amount=Decimal("10.00"), reason="x")
        assert info.value.code == "refund_failed"
        payment.refresh_from_db()
        assert payment.refunded_amount == 0
        assert Refund.objects.get().status == "failed"
