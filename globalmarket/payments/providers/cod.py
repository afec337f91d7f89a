"""Cash on delivery: nothing is charged online; the vendor or carrier collects the cash."""

from collections.abc import Mapping
from typing import Any

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


class CodProvider(PaymentProvider):
    name = "cod"
    methods = frozenset({"cod"})

    def create(self, request: PaymentRequest) -> ProviderState:
        # Confirmed at checkout; the money arrives when the cash is collected on delivery.
        return ProviderState(reference=f"cod_{request.attempt_id}", status=ProviderStatus.PENDING)

    def capture(self, *, reference: str, amount_minor: int | None = None) -> ProviderState:
        return ProviderState(reference=reference, status=ProviderStatus.SUCCEEDED,
                             captured_minor=amount_minor, transaction_id=reference)  # fmt: skip

    def void(self, *, reference: str) -> ProviderState:
        return ProviderState(reference=reference, status=ProviderStatus.CANCELLED)

    def refund(self, *, reference: str, transaction_id: str, amount_minor: int, currency: str,
               idempotency_key: str, reason: str) -> RefundResult:  # fmt: skip
        # Cash is returned by hand (or by bank transfer); the record is what the platform keeps.
        return RefundResult(reference=f"cod_refund_{idempotency_key[-24:]}", succeeded=True)

    def fetch(self, *, reference: str) -> ProviderState:
        raise ProviderError("not_supported", "Cash on delivery has no provider to ask.")

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        raise WebhookVerificationError("Cash on delivery sends no webhooks.")

    def parse_event(self, payload: dict[str, Any]) -> WebhookEvent:
        raise WebhookVerificationError("Cash on delivery sends no webhooks.")
