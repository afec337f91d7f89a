"""Payment tasks: webhook processing, sandbox deliveries, captures, automatic refunds."""

import logging

from celery import shared_task
from django.db import DatabaseError

from .models import Payment

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(DatabaseError,),
             retry_backoff=True, max_retries=8)  # fmt: skip
def webhook_process_task(inbox_id: int) -> bool:
    """Apply a stored webhook; safe to run any number of times (idempotent under locks)."""
    from .services import webhook_process

    return webhook_process(inbox_id=inbox_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(DatabaseError,),
             retry_backoff=True, max_retries=8)  # fmt: skip
def sandbox_deliver_task(charge_id: int, event_type: str, event_id: str) -> None:
    """The sandbox provider's webhook sender: sign the event and deliver it to our endpoint logic."""
    from .sandbox import sandbox_deliver

    sandbox_deliver(charge_id=charge_id, event_type=event_type, event_id=event_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=5, retry_backoff=True)
def payment_capture_task(payment_id: int) -> None:
    from .services import payment_capture

    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is not None:
        payment_capture(payment=payment)


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=5, retry_backoff=True)
def refund_automatic_task(payment_id: int, reason: str) -> None:
    """Refund what is left of a payment the platform cannot honour (e.g. stock gone)."""
    from .refunds import refund_automatic

    refund_automatic(payment_id=payment_id, reason=reason)


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=5, retry_backoff=True)
def refund_duplicate_attempt_task(attempt_id: int) -> None:
    """Refund an attempt that was captured although the payment was already paid by another."""
    from .refunds import refund_duplicate_attempt

    refund_duplicate_attempt(attempt_id=attempt_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=3, retry_backoff=True)
def notify_customer_task(
    order_id: int, subject: str, message: str, kind: str, key: str = ""
) -> None:
    """Tell the shopper by email and on any open page, once per (kind, key) however often the
    task runs: through the orders' send-once guard."""
    from django.core.mail import send_mail

    from globalmarket.core.notify import push_to_user
    from globalmarket.orders.models import Order
    from globalmarket.orders.notifications import claim_message

    order = Order.objects.filter(pk=order_id).first()
    # One claim kind for payment messages (event kinds are short); the key says which message.
    if order is None or not claim_message(order, "email_payment", f"{kind}:{key}"):
        return
    send_mail(subject, message, None, [order.customer_email])
    if order.customer_id is not None:
        try:
            push_to_user(
                order.customer_id, {"type": kind, "order": order.number, "message": message}
            )
        except Exception:  # a live page update is best effort; the email is the record
            logger.warning("could not push %s to user %s", kind, order.customer_id, exc_info=True)


def reconcile_current_tenant(*, older_than_minutes: int = 10, limit: int = 200) -> dict[str, int]:
    """Recover from lost webhooks and lost tasks in the current region.

    Inbox rows still `received` after a while are enqueued again (processing is idempotent),
    and payments still waiting for the provider are fetched from it (server to server).
    """
    from datetime import timedelta

    from django.utils import timezone

    from globalmarket.tenancy.tasks import enqueue_on_commit

    from .models import WebhookInbox
    from .services import payment_sync

    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stuck = list(WebhookInbox.objects.filter(status=WebhookInbox.Status.RECEIVED, received_at__lt=cutoff)
                 .values_list("pk", flat=True)[:limit])  # fmt: skip
    for inbox_id in stuck:
        enqueue_on_commit(webhook_process_task, inbox_id)
    waiting = Payment.objects.filter(
        status__in=[
            Payment.Status.PENDING,
            Payment.Status.REQUIRES_ACTION,
            Payment.Status.AUTHORIZED,
        ],
        updated_at__lt=cutoff,
    ).exclude(provider="cod")[:limit]
    fetched = 0
    for payment in waiting:
        payment_sync(payment=payment)
        fetched += 1
    return {"requeued": len(stuck), "fetched": fetched}


@shared_task(name="payments.reconcile")
def payments_reconcile_task() -> None:
    """Every few minutes, in every region: see `reconcile_current_tenant`."""
    from globalmarket.tenancy.context import use_tenant
    from globalmarket.tenancy.selectors import active_tenants

    for tenant in active_tenants():
        with use_tenant(tenant):
            try:
                reconcile_current_tenant()
            except Exception:  # one region's outage must not stop the others
                logger.exception("payment reconciliation failed in %s", tenant.slug)
