"""The seam between checkout and payments. The payments capability replaces `start_payment`.

Until then: cash on delivery confirms the order at once; any other method leaves it pending
(stock held until the reservation expires) with no next action.
"""

from typing import Any

from django.conf import settings

from globalmarket.core.money import quantize
from globalmarket.orders.models import Order
from globalmarket.tenancy.context import require_tenant

DEFAULT_METHODS = ["cod", "card", "ideal", "bancontact", "paypal"]


def available_methods() -> list[str]:
    methods = list(getattr(settings, "CHECKOUT_PAYMENT_METHODS", DEFAULT_METHODS))
    if not require_tenant().feature("cash_on_delivery"):
        methods = [m for m in methods if m != "cod"]
    return methods


def start_payment(order: Order) -> dict[str, Any]:
    """Begin paying `order` (inside the checkout transaction); return the API's `payment` block."""
    from globalmarket.orders.services import order_confirm

    if order.payment_method == "cod":
        order.payment_status = Order.PaymentStatus.CASH_ON_DELIVERY
        order.save(update_fields=["payment_status", "updated_at"])
        order_confirm(order=order, note="Cash on delivery.")
        order.refresh_from_db()
        return {"method": "cod", "status": "cod", "amount": str(quantize(order.total, order.currency)),
                "currency": order.currency, "next_action": None}  # fmt: skip
    return {"method": order.payment_method, "status": "pending", "amount": str(quantize(order.total, order.currency)),
            "currency": order.currency, "next_action": None}  # fmt: skip
