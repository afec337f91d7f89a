"""The sandbox provider: hosted TEST MODE page → signed webhook → paid, via the inbox."""

from decimal import Decimal

import pytest
from django.test import Client

from globalmarket.payments.models import Payment, PaymentEvent, SandboxCharge, WebhookInbox

from .helpers import start

pytestmark = pytest.mark.django_db


def _page(eu, attempt) -> str:
    return attempt.redirect_url


def test_card_payment_redirects_to_the_test_mode_page(in_eu, run_on_commit):
    with run_on_commit():
        payment, attempt = start()
    assert payment.status == Payment.Status.REQUIRES_ACTION
    assert payment.provider == "sandbox"
    charge = SandboxCharge.objects.get()
    assert attempt.redirect_url == f"/payments/sandbox/{charge.public_id}/"
    assert attempt.provider_reference == f"sbx_{charge.public_id.hex}"
    assert charge.amount_minor == 10000 and charge.currency == "EUR"
    page = Client(HTTP_HOST="eu.localhost").get(attempt.redirect_url)
    assert page.status_code == 200
    assert b"TEST MODE" in page.content


def test_approve_on_the_page_pays_only_through_the_signed_webhook(eu, run_on_commit):
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(eu), run_on_commit():
        payment, attempt = start()
    browser = Client(HTTP_HOST="eu.localhost")
    with run_on_commit():
        response = browser.post(attempt.redirect_url, {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"] == "/orders/EU-2026-000001/payment/"
    with use_tenant(eu):
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PAID
        assert payment.captured_amount == Decimal("100.000")
        assert payment.paid_at is not None
        inbox = WebhookInbox.objects.get()
        assert (inbox.provider, inbox.event_type, inbox.status) == (
            "sandbox",
            "charge.succeeded",
            "processed",
        )
        events = list(PaymentEvent.objects.values_list("to_status", "source"))
        assert events == [("requires_action", "provider_api"), ("paid", "webhook")]


def test_three_d_secure_challenge_pass_and_fail(eu, run_on_commit):
    from globalmarket.tenancy.context import use_tenant

    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu), run_on_commit():
        ok, ok_attempt = start(order_number="EU-2026-000010")
        bad, bad_attempt = start(order_number="EU-2026-000011")
    with run_on_commit():
        assert browser.post(ok_attempt.redirect_url, {"action": "challenge"}).status_code == 302
        page = browser.get(ok_attempt.redirect_url)
        assert b"3-D Secure challenge" in page.content
        browser.post(ok_attempt.redirect_url, {"action": "challenge_pass"})
        browser.post(bad_attempt.redirect_url, {"action": "challenge"})
        browser.post(bad_attempt.redirect_url, {"action": "challenge_fail"})
    with use_tenant(eu):
        ok.refresh_from_db()
        bad.refresh_from_db()
    assert ok.status == Payment.Status.PAID
    assert (bad.status, bad.failure_code) == (Payment.Status.FAILED, "authentication_failed")


def test_decline_then_retry_with_a_new_attempt(eu, run_on_commit):
    from globalmarket.tenancy.context import use_tenant

    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu), run_on_commit():
        payment, first = start()
    with run_on_commit():
        browser.post(first.redirect_url, {"action": "decline"})
    with use_tenant(eu):
        payment.refresh_from_db()
        assert (payment.status, payment.failure_code) == ("failed", "card_declined")
        with run_on_commit():
            payment, second = start()
        assert payment.status == "requires_action"
        assert second.pk != first.pk and payment.attempts.count() == 2
    # the same page cannot be used twice
    assert browser.post(first.redirect_url, {"action": "approve"}).status_code == 400
    with run_on_commit():
        browser.post(second.redirect_url, {"action": "approve"})
    with use_tenant(eu):
        payment.refresh_from_db()
        assert payment.status == "paid"
        assert payment.provider_reference == second.provider_reference


def test_unknown_action_and_unknown_charge(eu):
    browser = Client(HTTP_HOST="eu.localhost")
    assert browser.get("/payments/sandbox/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_an_older_attempt_paid_after_a_newer_one_is_refunded_automatically(eu, run_on_commit):
    from globalmarket.tenancy.context import use_tenant

    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu), run_on_commit():
        payment, first = start()
    with use_tenant(eu), run_on_commit():
        payment, second = start()  # the shopper tried again in another tab
    with run_on_commit():
        browser.post(second.redirect_url, {"action": "approve"})
        browser.post(first.redirect_url, {"action": "approve"})  # ...and then paid the first too
    with use_tenant(eu):
        payment.refresh_from_db()
        assert (payment.status, payment.provider_reference, payment.refunded_amount) == (
            "paid",
            second.provider_reference,
            Decimal("0.000"),
        )
        charges = {f"sbx_{c.public_id.hex}": c for c in SandboxCharge.objects.all()}
        assert charges[first.provider_reference].refunded_minor == 10000  # given back
        assert charges[second.provider_reference].refunded_minor == 0
        notes = list(PaymentEvent.objects.exclude(note="").values_list("note", flat=True))
        assert notes[0] == "duplicate capture by an older attempt: refunded automatically"
        assert notes[1].startswith("duplicate capture refunded (sbx_re_")
        assert (
            PaymentEvent.objects.filter(to_status="paid", from_status="requires_action").count()
            == 1
        )
