"""The seam between checkout and payments (implemented by globalmarket.payments).

`start_payment(order)` runs inside the checkout transaction and returns the API's
`payment` block: method, status, amount, currency and the shopper's `next_action`
(a redirect to the provider's page, Stripe.js confirmation with a client secret, or None).
"""

from typing import Any

from globalmarket.orders.models import Order
from globalmarket.tenancy.context import require_tenant


def available_methods() -> list[str]:
    """The region's methods (iDEAL is further limited to Dutch addresses at start_payment)."""
    from globalmarket.payments.methods import region_methods

    return region_methods(require_tenant())


def start_payment(order: Order) -> dict[str, Any]:
    """Begin paying `order`; cash on delivery confirms it at once."""
    from globalmarket.payments.order_payments import order_payment_block, order_payment_start

    return order_payment_block(order_payment_start(order=order))
