"""Order messages: confirmation to the shopper, new order to each vendor's team, shipped.

Enqueued after commit; the tasks send in the recipient's language (tasks.py).
"""

from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from .models import Order, OrderEvent, VendorOrder


def claim_message(order: Order, kind: str, key: str) -> bool:
    """Claim the right to send message `kind` (an "email_…" event) for `key`; False if it was
    claimed before. Every customer message goes through this, so a retried or redelivered
    task never sends twice. The claims are internal: order timelines leave them out.
    """
    assert kind.startswith("email_"), kind
    with atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()
        if OrderEvent.objects.filter(order=order, kind=kind, data__key=key).exists():
            return False
        OrderEvent.objects.create(order=order, actor_role=OrderEvent.ActorRole.SYSTEM, kind=kind,
                                  data={"key": key})  # fmt: skip
    return True


def notify_order_placed(order: Order) -> None:
    """One message after commit; the worker fans it out (confirmation, one per vendor order)."""
    from . import tasks

    enqueue_on_commit(tasks.send_order_placed_messages, order.pk)


def notify_shipped(vendor_order: VendorOrder) -> None:
    from . import tasks

    enqueue_on_commit(tasks.send_order_shipped, vendor_order.pk)
