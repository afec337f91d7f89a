"""PayPal Orders v2 over REST (httpx): create → approve redirect → capture, refunds, webhooks.

Webhooks are verified by PayPal itself (POST /v1/notifications/verify-webhook-signature
with the transmission headers and our webhook id): only `verification_status: SUCCESS`
is accepted.
"""

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings

from globalmarket.core.money import from_minor_units, to_minor_units

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

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
_ORDER_STATUS = {
    "CREATED": ProviderStatus.REQUIRES_ACTION,
    "SAVED": ProviderStatus.REQUIRES_ACTION,
    "PAYER_ACTION_REQUIRED": ProviderStatus.REQUIRES_ACTION,
    "APPROVED": ProviderStatus.AUTHORIZED,
    "VOIDED": ProviderStatus.CANCELLED,
    "COMPLETED": ProviderStatus.SUCCEEDED,
}
EVENT_STATUS = {
    "CHECKOUT.ORDER.APPROVED": ProviderStatus.AUTHORIZED,
    "PAYMENT.CAPTURE.COMPLETED": ProviderStatus.SUCCEEDED,
    "PAYMENT.CAPTURE.DENIED": ProviderStatus.FAILED,
    "CHECKOUT.ORDER.VOIDED": ProviderStatus.CANCELLED,
}
TRANSMISSION_HEADERS = {
    "auth_algo": "PAYPAL-AUTH-ALGO",
    "cert_url": "PAYPAL-CERT-URL",
    "transmission_id": "PAYPAL-TRANSMISSION-ID",
    "transmission_sig": "PAYPAL-TRANSMISSION-SIG",
    "transmission_time": "PAYPAL-TRANSMISSION-TIME",
}


def _amount(minor: int, currency: str) -> dict[str, str]:
    return {"currency_code": currency.upper(), "value": str(from_minor_units(minor, currency))}


def _minor(amount: dict[str, Any] | None) -> int | None:
    if not amount:
        return None
    return to_minor_units(Decimal(str(amount["value"])), str(amount["currency_code"]))


def _captures(order: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for unit in order.get("purchase_units") or []:
        out.extend((unit.get("payments") or {}).get("captures") or [])
    return out


def state_of(order: dict[str, Any]) -> ProviderState:
    status = _ORDER_STATUS.get(str(order.get("status")), ProviderStatus.PENDING)
    captures = _captures(order)
    completed = [c for c in captures if c.get("status") == "COMPLETED"]
    if status is ProviderStatus.SUCCEEDED and captures and not completed:
        denied = any(c.get("status") == "DECLINED" for c in captures)
        status = ProviderStatus.FAILED if denied else ProviderStatus.PENDING
    redirect = next(
        (str(link["href"]) for link in order.get("links") or []
         if link.get("rel") in {"payer-action", "approve"}),
        "",
    )  # fmt: skip
    captured = sum(_minor(c.get("amount")) or 0 for c in completed) if completed else None
    return ProviderState(
        reference=str(order["id"]),
        status=status,
        redirect_url=redirect if status is ProviderStatus.REQUIRES_ACTION else "",
        captured_minor=captured,
        transaction_id=str(completed[0]["id"]) if completed else "",
        failure_code="capture_declined" if status is ProviderStatus.FAILED else "",
    )


class PayPalProvider(PaymentProvider):
    name = "paypal"
    methods = frozenset({"paypal"})

    def _http(self) -> httpx.Client:
        return httpx.Client(base_url=settings.PAYPAL_API_BASE, timeout=TIMEOUT)

    def _token(self, http: httpx.Client) -> str:
        response = http.post(
            "/v1/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(settings.PAYPAL_CLIENT_ID, settings.PAYPAL_CLIENT_SECRET),
        )
        if response.status_code != 200:
            raise ProviderError("provider_auth_failed", "PayPal refused our credentials.")
        return str(response.json()["access_token"])

    def _call(self, method: str, path: str, *, body: Any = None,
              request_id: str = "") -> dict[str, Any]:  # fmt: skip
        try:
            with self._http() as http:
                headers = {
                    "Authorization": f"Bearer {self._token(http)}",
                    "Prefer": "return=representation",
                }
                if request_id:
                    headers["PayPal-Request-Id"] = request_id[:108]
                response = http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderError("provider_unavailable", "PayPal could not be reached.") from exc
        if response.status_code >= 400:
            try:
                details = response.json()
            except ValueError:
                details = {}
            issue = next((str(d.get("issue")) for d in details.get("details") or []), "")
            raise ProviderError((issue or str(details.get("name") or "provider_error")).lower(),
                                "PayPal refused the request.",
                                declined=issue in {"INSTRUMENT_DECLINED", "PAYER_ACTION_REQUIRED"})  # fmt: skip
        return dict(response.json()) if response.content else {}

    def create(self, request: PaymentRequest) -> ProviderState:
        body = {
            "intent": "CAPTURE",
            "purchase_units": [{
                "reference_id": request.order_number,
                "custom_id": request.attempt_id,
                "invoice_id": f"{request.order_number}-{request.attempt_id[:8]}",
                "amount": _amount(request.amount_minor, request.currency),
            }],
            "payment_source": {"paypal": {"experience_context": {
                "return_url": request.return_url,
                "cancel_url": request.return_url,
                "user_action": "PAY_NOW",
                "shipping_preference": "NO_SHIPPING",
            }}},
        }  # fmt: skip
        return state_of(self._call("POST", "/v2/checkout/orders", body=body,
                                   request_id=request.idempotency_key))  # fmt: skip

    def capture(self, *, reference: str, amount_minor: int | None = None) -> ProviderState:
        order = self._call("POST", f"/v2/checkout/orders/{reference}/capture", body={},
                           request_id=f"capture-{reference}")  # fmt: skip
        return state_of(order)

    def void(self, *, reference: str) -> ProviderState:
        # An uncaptured CAPTURE-intent order simply expires at PayPal; report its state.
        state = self.fetch(reference=reference)
        if state.status is ProviderStatus.SUCCEEDED:
            raise ProviderError("already_captured", "A captured PayPal order cannot be voided.")
        return ProviderState(reference=reference, status=ProviderStatus.CANCELLED)

    def refund(self, *, reference: str, transaction_id: str, amount_minor: int, currency: str,
               idempotency_key: str, reason: str) -> RefundResult:  # fmt: skip
        body = {"amount": _amount(amount_minor, currency), "note_to_payer": reason[:255]}
        refund = self._call("POST", f"/v2/payments/captures/{transaction_id}/refund", body=body,
                            request_id=idempotency_key)  # fmt: skip
        return RefundResult(reference=str(refund.get("id", "")),
                            succeeded=refund.get("status") in {"COMPLETED", "PENDING"})  # fmt: skip

    def fetch(self, *, reference: str) -> ProviderState:
        return state_of(self._call("GET", f"/v2/checkout/orders/{reference}"))

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        try:
            event = json.loads(body)
            if not isinstance(event, dict):
                raise ValueError("not an object")
            verification = {
                key: headers.get(header, "") for key, header in TRANSMISSION_HEADERS.items()
            }
            if not all(verification.values()):
                raise ValueError("missing transmission headers")
            verification["webhook_id"] = settings.PAYPAL_WEBHOOK_ID
            result = self._call("POST", "/v1/notifications/verify-webhook-signature",
                                body={**verification, "webhook_event": event})  # fmt: skip
            if result.get("verification_status") != "SUCCESS":
                raise ValueError("PayPal did not verify the signature")
            return self.parse_event(event)
        except (ValueError, KeyError, TypeError, ProviderError) as exc:
            raise WebhookVerificationError(str(exc)) from exc

    def parse_event(self, payload: dict[str, Any]) -> WebhookEvent:
        event_type = str(payload["event_type"])
        resource = payload["resource"]
        if event_type.startswith("PAYMENT.CAPTURE."):
            related = (resource.get("supplementary_data") or {}).get("related_ids") or {}
            reference = str(related.get("order_id", ""))
            completed = event_type == "PAYMENT.CAPTURE.COMPLETED"
            captured = _minor(resource.get("amount")) if completed else None
            transaction = str(resource.get("id", ""))
            attempt = str(resource.get("custom_id", ""))
        else:
            reference = str(resource.get("id", ""))
            captured, transaction = None, ""
            attempt = next(
                (str(u.get("custom_id", "")) for u in resource.get("purchase_units") or []), ""
            )
        return WebhookEvent(
            event_id=str(payload["id"]),
            event_type=event_type,
            reference=reference,
            status=EVENT_STATUS.get(event_type),
            attempt_id=attempt,
            captured_minor=captured,
            transaction_id=transaction,
            failure_code="capture_denied" if event_type == "PAYMENT.CAPTURE.DENIED" else "",
            payload=payload,
        )
