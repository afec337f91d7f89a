"""The one interface every payment provider implements, and the values it speaks in.

Amounts cross this boundary in the currency's minor units (int), never as floats.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ProviderStatus(StrEnum):
    PENDING = "pending"
    REQUIRES_ACTION = "requires_action"
    AUTHORIZED = "authorized"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ProviderError(Exception):
    """The provider refused or could not be reached; `code` is safe to show and store."""

    def __init__(self, code: str, message: str, *, declined: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.declined = declined


class WebhookVerificationError(Exception):
    """Bad signature, expired timestamp or unparseable body: answer 400, store nothing."""


@dataclass(frozen=True)
class PaymentRequest:
    amount_minor: int
    currency: str
    method: str
    idempotency_key: str
    return_url: str
    order_number: str
    attempt_id: str
    payment_token: str = ""  # provider-side token (e.g. a Stripe PaymentMethod id), never card data
    manual_capture: bool = False
    country: str = ""
    payer_name: str = ""


@dataclass(frozen=True)
class ProviderState:
    """What the provider says about one payment object."""

    reference: str
    status: ProviderStatus
    redirect_url: str = ""
    client_secret: str = ""
    captured_minor: int | None = None
    transaction_id: str = ""
    failure_code: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class RefundResult:
    reference: str
    succeeded: bool


@dataclass(frozen=True)
class WebhookEvent:
    """A verified provider event, reduced to what payment processing needs."""

    event_id: str
    event_type: str
    reference: str  # the provider's payment object id
    status: ProviderStatus | None  # None: an event that changes no payment state
    attempt_id: str = ""  # our attempt id when the provider echoes our metadata
    captured_minor: int | None = None
    transaction_id: str = ""
    failure_code: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


class PaymentProvider(ABC):
    name: str
    methods: frozenset[str]

    @abstractmethod
    def create(self, request: PaymentRequest) -> ProviderState:
        """Create (and confirm when possible) a payment; may return REQUIRES_ACTION + redirect."""

    @abstractmethod
    def capture(self, *, reference: str, amount_minor: int | None = None) -> ProviderState: ...

    @abstractmethod
    def void(self, *, reference: str) -> ProviderState: ...

    @abstractmethod
    def refund(self, *, reference: str, transaction_id: str, amount_minor: int, currency: str,
               idempotency_key: str, reason: str) -> RefundResult: ...  # fmt: skip

    @abstractmethod
    def fetch(self, *, reference: str) -> ProviderState:
        """The payment's true state, read from the provider (server to server)."""

    @abstractmethod
    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Verify and parse a webhook; raise WebhookVerificationError if it is not genuine."""

    def parse_event(self, payload: dict[str, Any]) -> WebhookEvent:
        """Re-read a stored (already verified) event from the inbox."""
        raise NotImplementedError
