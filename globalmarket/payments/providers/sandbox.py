"""The sandbox provider: a hosted TEST MODE page and signed asynchronous webhooks.

It behaves like a hosted-payment-page provider: `create` returns a redirect to
/payments/sandbox/<id>/, where the shopper approves, declines or passes a 3-D Secure
challenge; the result reaches us only as a signed webhook, delivered by a Celery task
through the same verify-and-inbox path as any real provider's webhooks.
"""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import F
from django.urls import reverse

from ..models import SandboxCharge
from . import signing
from .base import (
    PaymentProvider,
    PaymentRequest,
    ProviderError,
    ProviderState,
    ProviderStatus,
    RefundResult,
    WebhookEvent,
    WebhookVerificationError,
)

SIGNATURE_HEADER = "Sandbox-Signature"

_STATUS = {
    SandboxCharge.Status.REQUIRES_ACTION: ProviderStatus.REQUIRES_ACTION,
    SandboxCharge.Status.CHALLENGE: ProviderStatus.REQUIRES_ACTION,
    SandboxCharge.Status.AUTHORIZED: ProviderStatus.AUTHORIZED,
    SandboxCharge.Status.SUCCEEDED: ProviderStatus.SUCCEEDED,
    SandboxCharge.Status.FAILED: ProviderStatus.FAILED,
    SandboxCharge.Status.CANCELLED: ProviderStatus.CANCELLED,
}
EVENT_STATUS = {
    "charge.requires_action": ProviderStatus.REQUIRES_ACTION,
    "charge.authorized": ProviderStatus.AUTHORIZED,
    "charge.succeeded": ProviderStatus.SUCCEEDED,
    "charge.failed": ProviderStatus.FAILED,
    "charge.cancelled": ProviderStatus.CANCELLED,
}


def webhook_secret() -> str:
    configured = settings.PAYMENTS_SANDBOX_WEBHOOK_SECRET
    if configured:
        return str(configured)
    return "whsec_" + hashlib.sha256(f"sandbox:{settings.SECRET_KEY}".encode()).hexdigest()


def reference_of(charge: SandboxCharge) -> str:
    return f"sbx_{charge.public_id.hex}"


def charge_by_reference(reference: str) -> SandboxCharge:
    if not reference.startswith("sbx_"):
        raise ProviderError("no_such_payment", "Unknown sandbox payment.")
    charge = (
        SandboxCharge.objects.filter(public_id=reference[4:]).first()
        if len(reference) == 36
        else None
    )
    if charge is None:
        raise ProviderError("no_such_payment", "Unknown sandbox payment.")
    return charge


def state_of(charge: SandboxCharge) -> ProviderState:
    failure = (
        charge.metadata.get("failure_code", "") if charge.status == charge.Status.FAILED else ""
    )
    return ProviderState(
        reference=reference_of(charge),
        status=_STATUS[SandboxCharge.Status(charge.status)],
        redirect_url=reverse("payments:sandbox", args=[charge.public_id])
        if charge.status in {charge.Status.REQUIRES_ACTION, charge.Status.CHALLENGE}
        else "",
        captured_minor=charge.captured_minor,
        transaction_id=f"sbx_txn_{charge.public_id.hex[:16]}" if charge.captured_minor else "",
        failure_code=failure,
    )


def event_payload(charge: SandboxCharge, event_type: str, event_id: str) -> dict[str, Any]:
    state = state_of(charge)
    return {
        "id": event_id,
        "type": event_type,
        "data": {
            "object": {
                "id": state.reference,
                "amount": charge.amount_minor,
                "amount_captured": charge.captured_minor,
                "currency": charge.currency.lower(),
                "status": charge.status,
                "transaction_id": state.transaction_id,
                "failure_code": state.failure_code,
                "metadata": charge.metadata.get("ours", {}),
            }
        },
    }


class SandboxProvider(PaymentProvider):
    name = "sandbox"
    methods = frozenset({"card", "ideal", "paypal"})

    def create(self, request: PaymentRequest) -> ProviderState:
        charge, _ = SandboxCharge.objects.get_or_create(
            idempotency_key=request.idempotency_key,
            defaults={
                "method": request.method,
                "amount_minor": request.amount_minor,
                "currency": request.currency,
                "manual_capture": request.manual_capture,
                "description": request.order_number,
                "return_url": request.return_url,
                "metadata": {
                    "ours": {"attempt": request.attempt_id, "order": request.order_number}
                },
            },
        )
        return state_of(charge)

    def capture(self, *, reference: str, amount_minor: int | None = None) -> ProviderState:
        charge = charge_by_reference(reference)
        updated = SandboxCharge.objects.filter(
            pk=charge.pk, status=charge.Status.AUTHORIZED
        ).update(
            status=charge.Status.SUCCEEDED,
            captured_minor=amount_minor if amount_minor is not None else F("amount_minor"),
        )
        charge.refresh_from_db()
        if not updated and charge.status != charge.Status.SUCCEEDED:
            raise ProviderError("not_capturable", "Only an authorized charge can be captured.")
        return state_of(charge)

    def void(self, *, reference: str) -> ProviderState:
        charge = charge_by_reference(reference)
        SandboxCharge.objects.filter(
            pk=charge.pk,
            status__in=[
                charge.Status.REQUIRES_ACTION,
                charge.Status.CHALLENGE,
                charge.Status.AUTHORIZED,
            ],
        ).update(status=charge.Status.CANCELLED)
        charge.refresh_from_db()
        return state_of(charge)

    def refund(self, *, reference: str, transaction_id: str, amount_minor: int, currency: str,
               idempotency_key: str, reason: str) -> RefundResult:  # fmt: skip
        charge = charge_by_reference(reference)
        done = charge.metadata.get("refunds", {})
        if idempotency_key in done:
            return RefundResult(reference=done[idempotency_key], succeeded=True)
        updated = SandboxCharge.objects.filter(
            pk=charge.pk, refunded_minor__lte=F("captured_minor") - amount_minor
        ).update(refunded_minor=F("refunded_minor") + amount_minor)
        if not updated or amount_minor <= 0:
            raise ProviderError(
                "amount_too_large", "The refund exceeds what is left of the charge."
            )
        charge.refresh_from_db()
        ref = f"sbx_re_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]}"
        charge.metadata = {**charge.metadata, "refunds": {**done, idempotency_key: ref}}
        charge.save(update_fields=["metadata"])
        return RefundResult(reference=ref, succeeded=True)

    def fetch(self, *, reference: str) -> ProviderState:
        return state_of(charge_by_reference(reference))

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        try:
            signing.verify(
                body,
                headers.get(SIGNATURE_HEADER, ""),
                webhook_secret(),
                tolerance=settings.PAYMENTS_WEBHOOK_TOLERANCE_SECONDS,
            )
            payload = json.loads(body)
            return self.parse_event(payload)
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookVerificationError(str(exc)) from exc

    def parse_event(self, payload: dict[str, Any]) -> WebhookEvent:
        obj = payload["data"]["object"]
        return WebhookEvent(
            event_id=str(payload["id"]),
            event_type=str(payload["type"]),
            reference=str(obj["id"]),
            status=EVENT_STATUS.get(str(payload["type"])),
            attempt_id=str((obj.get("metadata") or {}).get("attempt", "")),
            captured_minor=int(obj.get("amount_captured") or 0),
            transaction_id=str(obj.get("transaction_id") or ""),
            failure_code=str(obj.get("failure_code") or ""),
            payload=payload,
        )
