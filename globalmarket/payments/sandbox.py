"""The sandbox provider's side: what the shopper does on the hosted TEST MODE page."""

import json
import uuid

from django.db.models import F

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from .errors import PaymentError
from .models import SandboxCharge
from .providers import signing
from .providers.sandbox import SIGNATURE_HEADER, event_payload, webhook_secret

C = SandboxCharge.Status
ACTIONS = {"approve", "decline", "challenge", "challenge_pass", "challenge_fail", "cancel"}


def sandbox_act(*, charge: SandboxCharge, action: str) -> SandboxCharge:
    """Apply the shopper's choice on the test page and send the provider's webhook later."""
    if action not in ACTIONS:
        raise ApplicationError(PaymentError.SANDBOX_ACTION_INVALID, "Unknown action.")
    with atomic():
        charge = SandboxCharge.objects.select_for_update().get(pk=charge.pk)
        waiting = charge.status == C.REQUIRES_ACTION
        in_challenge = charge.status == C.CHALLENGE
        if action == "challenge" and waiting:
            charge.status = C.CHALLENGE
            event = ""
        elif (action == "approve" and waiting) or (action == "challenge_pass" and in_challenge):
            if charge.manual_capture:
                charge.status, event = C.AUTHORIZED, "charge.authorized"
            else:
                charge.status, event = C.SUCCEEDED, "charge.succeeded"
                charge.captured_minor = charge.amount_minor
        elif (action == "decline" and waiting) or (action == "challenge_fail" and in_challenge):
            charge.status, event = C.FAILED, "charge.failed"
            code = "authentication_failed" if action == "challenge_fail" else "card_declined"
            charge.metadata = {**charge.metadata, "failure_code": code}
        elif action == "cancel" and (waiting or in_challenge):
            charge.status, event = C.CANCELLED, "charge.cancelled"
        else:
            raise ApplicationError(PaymentError.SANDBOX_ACTION_INVALID,
                                   "This test payment is no longer waiting for that.", status=409)  # fmt: skip
        charge.save()
        if event:
            from .tasks import sandbox_deliver_task

            enqueue_on_commit(sandbox_deliver_task, charge.pk, event, f"evt_sbx_{uuid.uuid4().hex}")
    return charge


def sandbox_deliver(*, charge_id: int, event_type: str, event_id: str) -> None:
    """Sign and deliver one event through the webhook endpoint's own verify-and-inbox path."""
    from .services import webhook_receive

    charge = SandboxCharge.objects.get(pk=charge_id)
    body = json.dumps(event_payload(charge, event_type, event_id), separators=(",", ":")).encode()
    headers = {SIGNATURE_HEADER: signing.sign(body, webhook_secret())}
    webhook_receive(provider_name="sandbox", body=body, headers=headers)
    SandboxCharge.objects.filter(pk=charge_id).update(events_sent=F("events_sent") + 1)
