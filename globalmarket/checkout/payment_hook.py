"""The seam between checkout and payments (globalmarket.payments).

`start_payment` runs AFTER the order's transaction has committed, so a slow payment provider
never holds stock rows or the order-number counter locked. Cash on delivery calls no provider
and confirms the order at once, so its payment is opened inside the order's transaction
(`open_payment_in_checkout`) and the order is created confirmed. If starting the payment fails,
the order stays pending with its stock held until the reservation expires, and the shopper
can retry with POST /api/v1/orders/{number}/payment/ (payments' API).
"""

from typing import Any

from globalmarket.core.errors import ApplicationError
from globalmarket.core.money import quantize
from globalmarket.orders.models import Order
from globalmarket.payments.methods import check_method, offered_methods
from globalmarket.payments.order_payments import PaymentStart, cod_payment_open, order_payment_start
from globalmarket.tenancy.context import require_tenant


def available_methods(country: str = "") -> list[str]:
    return offered_methods(require_tenant(), country)


def check_payment_method(method: str, country: str) -> None:
    """Raise a 400 with a `payment_method` field error if the method is not offered there."""
    check_method(require_tenant(), method, country)


def _next_action(redirect_url: str, client_secret: str) -> dict[str, str] | None:
    if redirect_url:
        return {"type": "redirect", "url": redirect_url}
    if client_secret:
        return {"type": "client_secret", "client_secret": client_secret}
    return None


def confirms_at_checkout(method: str) -> bool:
    """Cash on delivery: the order is confirmed when placed, its stock sold at once."""
    return method == "cod"


def open_payment_in_checkout(order: Order) -> dict[str, Any]:
    """For `confirms_at_checkout` methods, inside the order's transaction: the `payment` block."""
    return _block(order, cod_payment_open(order=order))


def _block(order: Order, started: PaymentStart | ApplicationError) -> dict[str, Any]:
    block: dict[str, Any] = {"method": order.payment_method, "amount": str(quantize(order.total, order.currency)),
                             "currency": order.currency, "retry_url": f"/api/v1/orders/{order.number}/payment/"}  # fmt: skip
    if isinstance(started, ApplicationError):
        return {**block, "status": "failed", "payment_id": None, "next_action": None,
                "error": {"code": started.code, "message": started.message}}  # fmt: skip
    return {**block, "status": started.status, "payment_id": str(started.payment.public_id),
            "next_action": _next_action(started.redirect_url, started.client_secret)}  # fmt: skip


def start_payment(order: Order) -> dict[str, Any]:
    """Begin paying `order` (after commit); return the checkout response's `payment` block."""
    try:
        return _block(order, order_payment_start(order=order))
    except ApplicationError as exc:
        return _block(order, exc)
