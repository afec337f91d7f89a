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


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=3, retry_backoff=True)
def notify_customer_task(order_id: int, subject: str, message: str, kind: str) -> None:
    """Tell the shopper by email and on any open page (best effort; sending twice is harmless)."""
    from django.core.mail import send_mail

    from globalmarket.core.notify import push_to_user
    from globalmarket.orders.models import Order

    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return
    send_mail(subject, message, None, [order.customer_email])
    if order.customer_id is not None:
        try:
            push_to_user(
                order.customer_id, {"type": kind, "order": order.number, "message": message}
            )
        except Exception:  # a live page update is best effort; the email is the record
            logger.warning("could not push %s to user %s", kind, order.customer_id, exc_info=True)
