"""Order messages: confirmation to the shopper, new order to each vendor's team, shipped.

Enqueued after commit; the tasks send in the recipient's language (tasks.py).
"""

from globalmarket.tenancy.tasks import enqueue_on_commit

from .models import Order, VendorOrder


def notify_order_placed(order: Order) -> None:
    """One message after commit; the worker fans it out (confirmation, one per vendor order)."""
    from . import tasks

    enqueue_on_commit(tasks.send_order_placed_messages, order.pk)


def notify_shipped(vendor_order: VendorOrder) -> None:
    from . import tasks

    enqueue_on_commit(tasks.send_order_shipped, vendor_order.pk)
