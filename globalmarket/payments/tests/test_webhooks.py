"""Webhooks: only verified events are stored; replays and stale events change nothing."""

import json

import pytest
from django.test import Client

from globalmarket.payments.models import Payment, PaymentEvent, WebhookInbox
from globalmarket.tenancy.context import use_tenant

from .helpers import now, post_webhook, sandbox_event, signed, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(eu, run_on_commit):
    with use_tenant(eu), run_on_commit():
        payment, attempt = start()
    return payment, attempt


def _client() -> Client:
    return Client(HTTP_HOST="eu.localhost")


def _state(eu, payment):
    with use_tenant(eu):
        payment.refresh_from_db()
        return (payment.status, WebhookInbox.objects.count(), PaymentEvent.objects.count())


def test_bad_signature_expired_timestamp_and_forged_body_are_rejected(eu, started, run_on_commit):
    payment, attempt = started
    before = _state(eu, payment)
    body = sandbox_event(attempt, "charge.succeeded")
    forged = body.replace(b'"amount_captured": 10000', b'"amount_captured": 1')
    assert forged != body
    cases = {
        "wrong secret": (body, signed(body, secret="whsec_not_ours")),
        "expired": (body, signed(body, timestamp=now() - 301)),
        "from the future": (body, signed(body, timestamp=now() + 400)),
        "forged body": (forged, signed(body)),
        "no header": (body, {}),
        "garbage header": (body, {"Sandbox-Signature": "t=abc,v1=zz"}),
    }
    for name, (payload, headers) in cases.items():
        with run_on_commit():
            response = post_webhook(_client(), "sandbox", payload, headers)
        assert response.status_code == 400, name
        assert response.json()["error"]["code"] == "webhook_signature_invalid", name
    assert _state(eu, payment) == before == ("requires_action", 0, 1)


def test_signed_but_not_json_is_400(eu, started):
    body = b"not json"
    response = post_webhook(_client(), "sandbox", body, signed(body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "webhook_signature_invalid"


def test_unknown_provider_is_404(eu):
    response = post_webhook(_client(), "acme", b"{}", {})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "provider_unknown"


def test_same_event_ten_times_changes_the_payment_once(eu, started, run_on_commit):
    payment, attempt = started
    body = sandbox_event(attempt, "charge.succeeded", event_id="evt_same")
    answers = []
    for _ in range(10):
        with run_on_commit():
            response = post_webhook(_client(), "sandbox", body, signed(body))
        assert response.status_code == 200
        answers.append(response.json()["duplicate"])
    assert answers == [False] + [True] * 9
    with use_tenant(eu):
        inbox = WebhookInbox.objects.get()
        assert (inbox.deliveries, inbox.status) == (10, "processed")
        assert list(PaymentEvent.objects.values_list("to_status", flat=True)) == [
            "requires_action",
            "paid",
        ]
        payment.refresh_from_db()
        assert payment.status == "paid"
        from globalmarket.ledger.models import LedgerTransaction

        posted = LedgerTransaction.objects.filter(reference_type="payment")
        assert list(posted.values_list("key", flat=True)) == [f"payment_captured:{payment.pk}"]


def test_a_different_event_for_the_same_outcome_changes_nothing(eu, started, run_on_commit):
    _, attempt = started
    for event_id in ("evt_a", "evt_b"):
        body = sandbox_event(attempt, "charge.succeeded", event_id=event_id)
        with run_on_commit():
            assert post_webhook(_client(), "sandbox", body, signed(body)).status_code == 200
    with use_tenant(eu):
        assert list(WebhookInbox.objects.values_list("status", "note")) == [
            ("processed", "applied"),
            ("processed", "stale or duplicate: nothing changed"),
        ]
        assert PaymentEvent.objects.filter(to_status="paid").count() == 1


def test_out_of_order_events_never_move_a_payment_backwards(eu, started, run_on_commit):
    payment, attempt = started
    sequence = [
        ("evt_1", "charge.succeeded"),
        ("evt_0", "charge.requires_action"),
        ("evt_2", "charge.failed"),
        ("evt_3", "charge.cancelled"),
    ]
    for event_id, kind in sequence:
        body = sandbox_event(attempt, kind, event_id=event_id)
        with run_on_commit():
            post_webhook(_client(), "sandbox", body, signed(body))
    with use_tenant(eu):
        payment.refresh_from_db()
        assert payment.status == "paid"
        assert PaymentEvent.objects.filter(source="webhook").count() == 1
        assert WebhookInbox.objects.filter(status="processed").count() == 4


def test_event_for_an_unknown_payment_is_stored_and_ignored(eu, run_on_commit):
    body = json.dumps({"id": "evt_x", "type": "charge.succeeded",
                       "data": {"object": {"id": "sbx_" + "0" * 32, "metadata": {}}}}).encode()  # fmt: skip
    with run_on_commit():
        assert post_webhook(_client(), "sandbox", body, signed(body)).status_code == 200
    with use_tenant(eu):
        assert WebhookInbox.objects.get().status == "ignored"
        assert not Payment.objects.exists()


def test_a_webhook_of_one_region_does_not_touch_another(eu, mena, started, run_on_commit):
    payment, attempt = started
    body = sandbox_event(attempt, "charge.succeeded")
    with run_on_commit():
        response = post_webhook(Client(HTTP_HOST="mena.localhost"), "sandbox", body, signed(body))
    assert response.status_code == 200
    with use_tenant(mena):
        assert WebhookInbox.objects.get().status == "ignored"
    assert _state(eu, payment) == ("requires_action", 0, 1)


def test_reconcile_fetches_waiting_payments_and_requeues_stuck_webhooks(eu, started, run_on_commit):
    from datetime import timedelta

    from django.utils import timezone

    from globalmarket.payments.models import SandboxCharge
    from globalmarket.payments.tasks import reconcile_current_tenant

    payment, attempt = started
    with use_tenant(eu):
        # A webhook stored but never processed (its task was lost), and one payment the provider
        # completed whose webhook never came.
        body = sandbox_event(attempt, "charge.requires_action", event_id="evt_lost")
        WebhookInbox.objects.create(provider="sandbox", event_id="evt_lost", event_type="charge.requires_action",
                                    payload=json.loads(body))  # fmt: skip
        long_ago = timezone.now() - timedelta(minutes=30)
        WebhookInbox.objects.update(received_at=long_ago)
        Payment.objects.update(updated_at=long_ago)
        SandboxCharge.objects.update(status="succeeded", captured_minor=10000)
        with run_on_commit():
            result = reconcile_current_tenant()
        assert result == {"requeued": 1, "fetched": 1}
        payment.refresh_from_db()
        assert payment.status == "paid"
        assert PaymentEvent.objects.get(to_status="paid").source == "fetch"
        assert WebhookInbox.objects.get().status == "processed"
