"""Stripe (card and iDEAL) through Payment Intents with the official `stripe` library.

Card data never reaches this server: the browser turns the card into a PaymentMethod with
Stripe.js, and only its id (`pm_...`) is sent to us. Webhooks are verified with Stripe's
scheme (HMAC-SHA256 over `timestamp.payload`, 5-minute tolerance, constant-time compare)
by `stripe.Webhook.construct_event`.
"""

import json
from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings

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

_STATUS = {
    "requires_payment_method": ProviderStatus.PENDING,
    "requires_confirmation": ProviderStatus.PENDING,
    "requires_action": ProviderStatus.REQUIRES_ACTION,
    "processing": ProviderStatus.PENDING,
    "requires_capture": ProviderStatus.AUTHORIZED,
    "succeeded": ProviderStatus.SUCCEEDED,
    "canceled": ProviderStatus.CANCELLED,
}
EVENT_STATUS = {
    "payment_intent.requires_action": ProviderStatus.REQUIRES_ACTION,
    "payment_intent.amount_capturable_updated": ProviderStatus.AUTHORIZED,
    "payment_intent.succeeded": ProviderStatus.SUCCEEDED,
    "payment_intent.payment_failed": ProviderStatus.FAILED,
    "payment_intent.canceled": ProviderStatus.CANCELLED,
}


def client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,  # type: ignore[typeddict-item]
        http_client=stripe.HTTPXClient(allow_sync_methods=True),
        max_network_retries=2,
    )


def _plain(obj: Any) -> Any:
    """StripeObjects are not dicts (stripe >= 12): work on plain data."""
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


def _get(obj: Any, key: str, default: Any = None) -> Any:
    obj = _plain(obj)
    if isinstance(obj, dict):
        return obj.get(key, default)
    return default


def _charge_id(intent: Any) -> str:
    charge = _get(intent, "latest_charge")
    if isinstance(charge, str):
        return charge
    return str(_get(charge, "id", "") or "")


def state_of(intent: Any) -> ProviderState:
    status = _STATUS.get(str(_get(intent, "status")), ProviderStatus.PENDING)
    action = _get(intent, "next_action")
    redirect = ""
    if action is not None:
        redirect = str(_get(_get(action, "redirect_to_url"), "url", "") or "")
    error = _get(intent, "last_payment_error")
    failure = str(_get(error, "decline_code", "") or _get(error, "code", "") or "")
    if status is ProviderStatus.PENDING and failure:
        status = ProviderStatus.FAILED
    received = _get(intent, "amount_received")
    return ProviderState(
        reference=str(_get(intent, "id")),
        status=status,
        redirect_url=redirect,
        client_secret=str(_get(intent, "client_secret", "") or ""),
        captured_minor=int(received) if received is not None else None,
        transaction_id=_charge_id(intent),
        failure_code=failure,
        failure_message=str(_get(error, "message", "") or "")[:255],
    )


def _raise(exc: stripe.StripeError) -> None:
    code = str(getattr(exc, "code", "") or "provider_error")
    declined = isinstance(exc, stripe.CardError)
    message = "The card was declined." if declined else "The payment provider refused the request."
    raise ProviderError(code, message, declined=declined) from exc


class StripeProvider(PaymentProvider):
    name = "stripe"
    methods = frozenset({"card", "ideal"})

    def create(self, request: PaymentRequest) -> ProviderState:
        params: dict[str, Any] = {
            "amount": request.amount_minor,
            "currency": request.currency.lower(),
            "metadata": {"attempt": request.attempt_id, "order": request.order_number},
            "capture_method": "manual" if request.manual_capture else "automatic",
            "confirm": True,
        }
        if request.method == "ideal":
            params["payment_method_types"] = ["ideal"]
            params["payment_method_data"] = {"type": "ideal"}
            if request.payer_name:
                params["payment_method_data"]["billing_details"] = {"name": request.payer_name}
            params["return_url"] = request.return_url
        else:
            params["payment_method_types"] = ["card"]
            if request.payment_token:
                params["payment_method"] = request.payment_token
            else:
                # Stripe.js confirms it in the browser with the client secret (card data stays there).
                params["confirm"] = False
        try:
            intent = client().v1.payment_intents.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": request.idempotency_key},
            )
        except stripe.CardError as exc:
            # A decline at confirmation: the intent exists and is the attempt's reference.
            intent = _get(exc.error, "payment_intent")
            if intent is None:
                _raise(exc)
            state = state_of(intent)
            return ProviderState(
                reference=state.reference, status=ProviderStatus.FAILED,
                failure_code=str(exc.code or "card_declined"),
                failure_message="The card was declined.",
            )  # fmt: skip
        except stripe.StripeError as exc:
            _raise(exc)
        return state_of(intent)

    def capture(self, *, reference: str, amount_minor: int | None = None) -> ProviderState:
        params = {"amount_to_capture": amount_minor} if amount_minor is not None else {}
        try:
            return state_of(client().v1.payment_intents.capture(reference, params))  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            _raise(exc)
            raise

    def void(self, *, reference: str) -> ProviderState:
        try:
            return state_of(client().v1.payment_intents.cancel(reference))
        except stripe.StripeError as exc:
            _raise(exc)
            raise

    def refund(self, *, reference: str, transaction_id: str, amount_minor: int, currency: str,
               idempotency_key: str, reason: str) -> RefundResult:  # fmt: skip
        try:
            refund = client().v1.refunds.create(
                {"payment_intent": reference, "amount": amount_minor},
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            _raise(exc)
            raise
        return RefundResult(reference=str(refund["id"]),
                            succeeded=refund["status"] in {"succeeded", "pending"})  # fmt: skip

    def fetch(self, *, reference: str) -> ProviderState:
        try:
            return state_of(client().v1.payment_intents.retrieve(reference))
        except stripe.StripeError as exc:
            _raise(exc)
            raise

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        try:
            stripe.Webhook.construct_event(
                body,
                headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.PAYMENTS_WEBHOOK_TOLERANCE_SECONDS,
            )
            return self.parse_event(json.loads(body))
        except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
            raise WebhookVerificationError(str(exc)) from exc

    def parse_event(self, payload: dict[str, Any]) -> WebhookEvent:
        event_type = str(payload["type"])
        obj = payload["data"]["object"]
        is_intent = str(obj.get("object", "")) == "payment_intent" or event_type.startswith(
            "payment_intent."
        )
        state = state_of(obj) if is_intent else None
        return WebhookEvent(
            event_id=str(payload["id"]),
            event_type=event_type,
            reference=state.reference if state else str(obj.get("id", "")),
            status=EVENT_STATUS.get(event_type) if is_intent else None,
            attempt_id=str((obj.get("metadata") or {}).get("attempt", "")),
            captured_minor=state.captured_minor if state else None,
            transaction_id=state.transaction_id if state else "",
            failure_code=state.failure_code if state else "",
            payload=payload,
        )
