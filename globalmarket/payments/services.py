"""Payments: start an attempt, apply provider states, receive and process webhooks.

The only inputs that move a payment forward are the provider's own answers: a verified
webhook, a server-to-server API response, or a fetch of the payment's true state. The
shopper's browser never does. Every state change goes through `payment_apply_state`,
which runs under a row lock on the payment and ignores stale transitions, so duplicate
and out-of-order events change nothing.
"""

import logging
import os
import time
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone

from globalmarket.core.errors import ApplicationError, Conflict
from globalmarket.core.money import from_minor_units, quantize, to_minor_units
from globalmarket.orders.models import Order
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from . import hooks
from .errors import PaymentError
from .models import Payment, PaymentAttempt, PaymentEvent, WebhookInbox
from .providers import get_provider, provider_name_for_method
from .providers.base import (
    PaymentRequest,
    ProviderError,
    ProviderState,
    ProviderStatus,
    WebhookEvent,
    WebhookVerificationError,
)

logger = logging.getLogger(__name__)

S = Payment.Status
A = PaymentAttempt.Status
_PAYMENT_TARGET = {
    ProviderStatus.PENDING: S.PENDING,
    ProviderStatus.REQUIRES_ACTION: S.REQUIRES_ACTION,
    ProviderStatus.AUTHORIZED: S.AUTHORIZED,
    ProviderStatus.SUCCEEDED: S.PAID,
    ProviderStatus.FAILED: S.FAILED,
    ProviderStatus.CANCELLED: S.CANCELLED,
}
# Forward moves only; anything else is stale (an old or duplicate event) and is ignored.
_PAYMENT_NEXT: dict[str, set[str]] = {
    S.PENDING: {S.REQUIRES_ACTION, S.AUTHORIZED, S.PAID, S.FAILED, S.CANCELLED},
    S.REQUIRES_ACTION: {S.AUTHORIZED, S.PAID, S.FAILED, S.CANCELLED},
    S.FAILED: {S.AUTHORIZED, S.PAID},  # money that arrives late is still recorded
    S.AUTHORIZED: {S.PAID, S.CANCELLED},
    S.CANCELLED: {S.PAID},
    S.PAID: set(),
    S.PARTIALLY_REFUNDED: set(),
    S.REFUNDED: set(),
}
_ATTEMPT_TARGET = {
    ProviderStatus.PENDING: A.PENDING,
    ProviderStatus.REQUIRES_ACTION: A.REQUIRES_ACTION,
    ProviderStatus.AUTHORIZED: A.AUTHORIZED,
    ProviderStatus.SUCCEEDED: A.SUCCEEDED,
    ProviderStatus.FAILED: A.FAILED,
    ProviderStatus.CANCELLED: A.CANCELLED,
}
_ATTEMPT_RANK = {A.CREATED: 0, A.PENDING: 1, A.REQUIRES_ACTION: 2, A.AUTHORIZED: 3}
_ATTEMPT_FINAL = {A.SUCCEEDED, A.FAILED, A.CANCELLED}


def _attempt_moves(current: str, target: str) -> bool:
    if current in _ATTEMPT_FINAL:
        return False
    if target in _ATTEMPT_FINAL:
        return True
    return _ATTEMPT_RANK[target] > _ATTEMPT_RANK[current]  # type: ignore[index]


def payment_apply_state(
    *,
    payment: Payment,
    attempt: PaymentAttempt,
    state: ProviderState | WebhookEvent,
    source: str,
    webhook: WebhookInbox | None = None,
) -> bool:
    """Apply a provider-reported state; the caller holds the payment's row lock. True if changed."""
    status = state.status
    if status is None:
        return False
    attempt_target = _ATTEMPT_TARGET[status]
    if not _attempt_moves(attempt.status, attempt_target):
        return False
    attempt.status = attempt_target
    if state.failure_code:
        attempt.failure_code = state.failure_code[:64]
        attempt.failure_message = (getattr(state, "failure_message", "") or "")[:255]
    if status is ProviderStatus.SUCCEEDED:
        attempt.transaction_id = (state.transaction_id or attempt.provider_reference)[:128]
    attempt.save(
        update_fields=["status", "failure_code", "failure_message", "transaction_id", "updated_at"]
    )

    target = _PAYMENT_TARGET[status]
    is_current = payment.provider_reference in {"", attempt.provider_reference}
    if (
        target == S.PAID
        and payment.status in {S.PAID, S.PARTIALLY_REFUNDED, S.REFUNDED}
        and not is_current
    ):
        # The shopper paid twice (an older attempt completed after a newer one): give it back.
        PaymentEvent.objects.create(payment=payment, attempt=attempt, from_status=payment.status,
                                    to_status=payment.status, source=source, webhook=webhook,
                                    note="duplicate capture by an older attempt: refunded automatically")  # fmt: skip
        from .tasks import refund_duplicate_attempt_task

        enqueue_on_commit(refund_duplicate_attempt_task, attempt.pk)
        return True
    if target not in _PAYMENT_NEXT[payment.status]:
        return True
    if target in {S.REQUIRES_ACTION, S.FAILED, S.CANCELLED, S.PENDING} and not is_current:
        return True  # an older attempt's failure does not undo the current one
    previous = payment.status
    payment.status = target
    fields = ["status", "updated_at"]
    if target == S.PAID:
        captured = state.captured_minor
        payment.captured_amount = (
            from_minor_units(captured, payment.currency) if captured else payment.amount
        )
        payment.paid_at = timezone.now()
        payment.transaction_id = state.transaction_id or attempt.provider_reference
        payment.provider_reference = attempt.provider_reference
        payment.failure_code = payment.failure_message = ""
        fields += ["captured_amount", "paid_at", "transaction_id", "provider_reference",
                   "failure_code", "failure_message"]  # fmt: skip
    elif target == S.FAILED:
        payment.failure_code = attempt.failure_code
        payment.failure_message = attempt.failure_message
        fields += ["failure_code", "failure_message"]
    payment.save(update_fields=fields)
    PaymentEvent.objects.create(payment=payment, attempt=attempt, from_status=previous,
                                to_status=target, source=source, webhook=webhook)  # fmt: skip
    if target == S.PAID:
        hooks.payment_paid(payment)
    elif target == S.FAILED:
        hooks.payment_failed(payment)
    else:
        hooks.payment_changed(payment)
    return True


def lock_payment(payment_id: int, *, order_id: int | None = None) -> Payment:
    """The payment under its row lock, taken after its order's row lock.

    One lock order everywhere (order, then payment): starting a payment locks the order
    first, and a state change's hooks lock the order too, so taking the payment first would
    let the two wait on each other (a deadlock PostgreSQL breaks by failing one of them).
    """
    if order_id is None:
        order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).first()
    if order_id is not None:
        _lock_order(order_id)
    return Payment.objects.select_for_update().get(pk=payment_id)


def _lock_order(order_id: int) -> None:
    """Take the order's row lock: always before its payment's (see `lock_payment`)."""
    list(Order.objects.select_for_update().filter(pk=order_id).values_list("pk"))


def payment_start(
    *,
    order_number: str,
    amount: Decimal,
    currency: str,
    method: str,
    return_url: str,
    customer: Any = None,
    country: str = "",
    payment_token: str = "",
    manual_capture: bool = False,
    order: Any = None,
    payer_name: str = "",
) -> tuple[Payment, PaymentAttempt]:
    """Start (or retry) paying an order: a new attempt at the method's provider."""
    provider_name = provider_name_for_method(method)
    provider = get_provider(provider_name)
    amount = quantize(amount, currency)
    with atomic():
        if order is not None:
            # Two first-time starts for one order would both find no payment and both create
            # one (the second failing the unique order); the order row serializes them.
            _lock_order(order.pk)
        payment = Payment.objects.select_for_update().filter(order_number=order_number).first()
        if payment is None:
            payment = Payment.objects.create(
                order=order, order_number=order_number, customer=customer, method=method,
                provider=provider_name, currency=currency, amount=amount,
            )  # fmt: skip
        elif payment.status not in {S.PENDING, S.REQUIRES_ACTION, S.FAILED, S.CANCELLED}:
            raise Conflict(PaymentError.ORDER_ALREADY_PAID, "This order is already paid.")
        else:
            payment.method, payment.provider, payment.status = method, provider_name, S.PENDING
            payment.provider_reference = ""
            payment.save(
                update_fields=["method", "provider", "status", "provider_reference", "updated_at"]
            )
        attempt = PaymentAttempt.objects.create(
            payment=payment, provider=provider_name, method=method, return_url=return_url,
            idempotency_key=f"gm-{payment.public_id}-{uuid.uuid4().hex[:12]}",
        )  # fmt: skip
    request = PaymentRequest(
        amount_minor=to_minor_units(amount, currency), currency=currency, method=method,
        idempotency_key=attempt.idempotency_key, return_url=return_url,
        order_number=order_number, attempt_id=str(attempt.public_id),
        payment_token=payment_token, manual_capture=manual_capture, country=country,
        payer_name=payer_name,
    )  # fmt: skip
    try:
        state = provider.create(request)
    except ProviderError as exc:
        logger.warning(
            "payment provider %s refused attempt %s: %s", provider_name, attempt.public_id, exc.code
        )
        with atomic():
            payment = lock_payment(payment.pk, order_id=payment.order_id)
            failed = ProviderState(reference="", status=ProviderStatus.FAILED,
                                   failure_code=exc.code, failure_message=exc.message)  # fmt: skip
            payment_apply_state(
                payment=payment, attempt=attempt, state=failed, source="provider_api"
            )
        if not exc.declined:
            raise ApplicationError(PaymentError.PROVIDER_ERROR, exc.message, status=502) from exc
        return payment, attempt
    with atomic():
        payment = lock_payment(payment.pk, order_id=payment.order_id)
        attempt.refresh_from_db()
        attempt.provider_reference = state.reference
        attempt.redirect_url = state.redirect_url
        attempt.client_secret = state.client_secret
        attempt.save(
            update_fields=["provider_reference", "redirect_url", "client_secret", "updated_at"]
        )
        if payment.provider_reference == "":
            payment.provider_reference = state.reference
            payment.save(update_fields=["provider_reference", "updated_at"])
        payment_apply_state(payment=payment, attempt=attempt, state=state, source="provider_api")
    return payment, attempt


def payment_sync(*, payment: Payment) -> Payment:
    """Ask the provider for the current attempt's true state and apply it (server to server)."""
    attempt = payment.attempts.exclude(provider_reference="").order_by("-created_at", "-id").first()
    if attempt is None or payment.provider == "cod":
        return payment
    provider = get_provider(attempt.provider)
    try:
        state = provider.fetch(reference=attempt.provider_reference)
        if state.status is ProviderStatus.AUTHORIZED and attempt.provider == "paypal":
            state = provider.capture(reference=attempt.provider_reference)
    except ProviderError as exc:
        logger.warning("payment fetch failed for %s: %s", attempt.public_id, exc.code)
        return payment
    with atomic():
        payment = lock_payment(payment.pk, order_id=payment.order_id)
        attempt.refresh_from_db()
        payment_apply_state(payment=payment, attempt=attempt, state=state, source="fetch")
    return payment


def payment_capture(*, payment: Payment) -> Payment:
    """Capture an authorized payment (manual-capture methods, and PayPal after approval)."""
    attempt = payment.attempts.filter(provider_reference=payment.provider_reference).first()
    if attempt is None or payment.status != S.AUTHORIZED:
        return payment
    try:
        state = get_provider(attempt.provider).capture(reference=attempt.provider_reference)
    except ProviderError as exc:
        logger.warning("capture failed for %s: %s", attempt.public_id, exc.code)
        state = ProviderState(reference=attempt.provider_reference, status=ProviderStatus.FAILED,
                              failure_code=exc.code) if exc.declined else None  # type: ignore[assignment]  # fmt: skip
        if state is None:
            raise ApplicationError(PaymentError.PROVIDER_ERROR, exc.message, status=502) from exc
    with atomic():
        payment = lock_payment(payment.pk, order_id=payment.order_id)
        attempt.refresh_from_db()
        payment_apply_state(payment=payment, attempt=attempt, state=state, source="provider_api")
    return payment


def cod_mark_collected(*, payment: Payment, actor: Any = None) -> Payment:
    """The vendor or carrier collected the cash on delivery: the payment is now paid."""
    if payment.method != "cod":
        raise Conflict(
            PaymentError.COD_NOT_COLLECTABLE, "Only cash-on-delivery payments are collected."
        )
    with atomic():
        payment = lock_payment(payment.pk, order_id=payment.order_id)
        attempt = payment.attempts.order_by("-created_at", "-id").first()
        if attempt is None or payment.status not in {S.PENDING}:
            if payment.is_captured:
                return payment
            raise Conflict(PaymentError.COD_NOT_COLLECTABLE, "This payment cannot be collected.")
        state = ProviderState(reference=attempt.provider_reference, status=ProviderStatus.SUCCEEDED,
                              captured_minor=to_minor_units(payment.amount, payment.currency),
                              transaction_id=attempt.provider_reference)  # fmt: skip
        payment_apply_state(payment=payment, attempt=attempt, state=state, source="cod")
    return payment


# --- Webhooks ------------------------------------------------------------------------


def webhook_receive(
    *, provider_name: str, body: bytes, headers: Mapping[str, str]
) -> tuple[WebhookInbox, bool]:
    """Verify a webhook and store it in the inbox; processing happens in a task after commit.

    Returns the inbox row and whether it is new. A replay (same provider and event id)
    changes nothing but a delivery counter.
    """
    from .tasks import webhook_process_task

    provider = get_provider(provider_name)
    try:
        event = provider.verify_webhook(body=body, headers=headers)
    except WebhookVerificationError as exc:
        logger.warning("rejected %s webhook: %s", provider_name, exc)
        raise ApplicationError(PaymentError.WEBHOOK_SIGNATURE_INVALID,
                               "The webhook could not be verified.") from exc  # fmt: skip
    with atomic():
        try:
            with atomic():
                inbox = WebhookInbox.objects.create(
                    provider=provider_name, event_id=event.event_id[:128],
                    event_type=event.event_type[:64], payload=event.payload,
                )  # fmt: skip
            created = True
        except IntegrityError:
            inbox = WebhookInbox.objects.select_for_update().get(
                provider=provider_name, event_id=event.event_id[:128]
            )
            WebhookInbox.objects.filter(pk=inbox.pk).update(deliveries=F("deliveries") + 1)
            created = False
        if created or inbox.status == WebhookInbox.Status.RECEIVED:
            # A replay of an event still unprocessed re-enqueues it: processing is idempotent.
            enqueue_on_commit(webhook_process_task, inbox.pk)
    return inbox, created


def _test_pause() -> None:
    """Test-only: hold the transaction open so a test can kill the worker mid-processing."""
    pause = os.environ.get("GM_TEST_PAYMENTS_WEBHOOK_PAUSE")
    if pause:
        mark = os.environ.get("GM_TEST_PAYMENTS_WEBHOOK_MARK")
        if mark:
            with open(mark, "a") as fh:
                fh.write(f"{os.getpid()}\n")
        time.sleep(float(pause))


def _attempt_for(provider: str, event: WebhookEvent) -> PaymentAttempt | None:
    if event.attempt_id:
        try:
            attempt = PaymentAttempt.objects.filter(public_id=uuid.UUID(event.attempt_id)).first()
        except ValueError:
            attempt = None
        if attempt is not None and attempt.provider == provider:
            return attempt
    if event.reference:
        return PaymentAttempt.objects.filter(
            provider=provider, provider_reference=event.reference
        ).first()
    return None


def webhook_process(*, inbox_id: int) -> bool:
    """Apply one stored event exactly once (row locks; the inbox row records that it was done)."""
    capture_after: Payment | None = None
    with atomic():
        inbox = WebhookInbox.objects.select_for_update().filter(pk=inbox_id).first()
        if inbox is None or inbox.status != WebhookInbox.Status.RECEIVED:
            return False
        event = get_provider(inbox.provider).parse_event(inbox.payload)
        found = _attempt_for(inbox.provider, event)
        if found is None or event.status is None:
            inbox.status = WebhookInbox.Status.IGNORED
            inbox.note = "unknown payment" if found is None else "event without a payment state"
            inbox.processed_at = timezone.now()
            inbox.save(update_fields=["status", "note", "processed_at"])
            return False
        payment = lock_payment(found.payment_id)
        attempt = PaymentAttempt.objects.select_for_update().get(pk=found.pk)
        _test_pause()
        if not attempt.provider_reference and event.reference:
            attempt.provider_reference = event.reference
            attempt.save(update_fields=["provider_reference", "updated_at"])
        changed = payment_apply_state(payment=payment, attempt=attempt, state=event,
                                      source="webhook", webhook=inbox)  # fmt: skip
        inbox.status = WebhookInbox.Status.PROCESSED
        inbox.note = "applied" if changed else "stale or duplicate: nothing changed"
        inbox.processed_at = timezone.now()
        inbox.save(update_fields=["status", "note", "processed_at"])
        if changed and payment.status == S.AUTHORIZED and attempt.provider == "paypal":
            capture_after = payment
    if capture_after is not None:
        from .tasks import payment_capture_task

        enqueue_on_commit(payment_capture_task, capture_after.pk)
    return changed
