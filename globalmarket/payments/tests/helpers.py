"""Helpers shared by the payment tests."""

import json
import time
from decimal import Decimal
from typing import Any

from globalmarket.payments.models import Payment, PaymentAttempt
from globalmarket.payments.providers import signing
from globalmarket.payments.providers.sandbox import SIGNATURE_HEADER, webhook_secret
from globalmarket.payments.services import payment_start

WEBHOOK_URL = "/api/v1/payments/webhooks/{}/"


def start(order_number: str = "EU-2026-000001", amount: str = "100.00", method: str = "card",
          currency: str = "EUR", **kwargs: Any) -> tuple[Payment, PaymentAttempt]:  # fmt: skip
    return payment_start(order_number=order_number, amount=Decimal(amount), currency=currency,
                         method=method, return_url=f"/orders/{order_number}/payment/", **kwargs)  # fmt: skip


def sandbox_event(attempt: PaymentAttempt, event_type: str, *, event_id: str = "evt_1",
                  captured: int = 10000) -> bytes:  # fmt: skip
    return json.dumps({
        "id": event_id, "type": event_type,
        "data": {"object": {"id": attempt.provider_reference, "amount_captured": captured,
                            "transaction_id": "sbx_txn_1", "failure_code": "",
                            "metadata": {"attempt": str(attempt.public_id)}}},
    }).encode()  # fmt: skip


def signed(
    body: bytes, *, secret: str | None = None, timestamp: int | None = None
) -> dict[str, str]:
    return {SIGNATURE_HEADER: signing.sign(body, secret or webhook_secret(), timestamp=timestamp)}


def post_webhook(client: Any, provider: str, body: bytes, headers: dict[str, str]) -> Any:
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.post(
        WEBHOOK_URL.format(provider), data=body, content_type="application/json", **extra
    )


def now() -> int:
    return int(time.time())
