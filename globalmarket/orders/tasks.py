"""Order e-mails and WebSocket pushes. Idempotent: each message is sent once per order part."""

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from globalmarket.core.money import Money
from globalmarket.core.notify import push_to_user
from globalmarket.tenancy.context import require_tenant

from .models import Order, VendorOrder
from .notifications import claim_message

logger = logging.getLogger(__name__)


def _language(user: Any, order: Order) -> str:
    return (getattr(user, "preferred_language", "") or order.language
            or require_tenant().default_language)  # fmt: skip


def _push(user_id: Any, payload: dict[str, Any]) -> None:
    try:
        push_to_user(user_id, payload)
    except Exception:
        logger.warning("push to user %s failed", user_id, exc_info=True)


@shared_task
def send_order_placed_messages(order_id: int) -> None:
    """Enqueue the confirmation and each vendor's new-order message, each its own task.

    Checkout publishes this one message instead of 1 + vendors; each message stays its own
    task, so a failure retries only that one (and each is sent once: `_once`).
    """
    send_order_confirmation.delay(order_id)
    for vendor_order_id in VendorOrder.objects.filter(order_id=order_id).values_list(
        "pk", flat=True
    ):
        send_vendor_new_order.delay(vendor_order_id)


@shared_task
def send_order_confirmation(order_id: int) -> None:
    order = Order.objects.select_related("customer").filter(pk=order_id).first()
    if order is None or not claim_message(order, "email_confirmation", order.number):
        return
    with translation.override(_language(order.customer, order)):
        locale = translation.get_language() or "en"
        total = Money(order.total, order.currency).format(locale)
        subject = _("Your order %(number)s") % {"number": order.number}
        body = _("Thank you for your order %(number)s. Total: %(total)s.") % {
            "number": order.number, "total": total}  # fmt: skip
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.customer_email])
    if order.customer_id:
        _push(order.customer_id, {"type": "order.placed", "order_number": order.number,
                                  "status": order.status})  # fmt: skip


@shared_task
def send_vendor_new_order(vendor_order_id: int) -> None:
    from globalmarket.vendors.models import VendorMember

    vo = VendorOrder.objects.select_related("order", "vendor").filter(pk=vendor_order_id).first()
    if vo is None or not claim_message(vo.order, "email_vendor_new_order", vo.number):
        return
    members = list(VendorMember.objects.filter(vendor=vo.vendor).select_related("user"))
    count = vo.lines.count() if members else 0  # once, not once per team member
    for member in members:
        user = member.user
        with translation.override(_language(user, vo.order)):
            subject = _("New order %(number)s") % {"number": vo.number}
            body = _("You have a new order %(number)s with %(count)s item(s). Please accept it.") % {
                "number": vo.number, "count": count}  # fmt: skip
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        _push(user.pk, {"type": "vendor_order.new", "number": vo.number})


@shared_task
def send_order_shipped(vendor_order_id: int) -> None:
    vo = VendorOrder.objects.select_related("order__customer").filter(pk=vendor_order_id).first()
    if vo is None or not claim_message(vo.order, "email_shipped", vo.number):
        return
    order = vo.order
    with translation.override(_language(order.customer, order)):
        subject = _("Your order %(number)s has shipped") % {"number": vo.number}
        body = _("Track your parcel: %(url)s") % {"url": vo.tracking_url or vo.tracking_number}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.customer_email])
    if order.customer_id:
        _push(order.customer_id, {"type": "order.shipped", "number": vo.number,
                                  "tracking_url": vo.tracking_url})  # fmt: skip
