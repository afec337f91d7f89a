"""Fetch an order for the current actor: "not yours" and "does not exist" are the same 404."""

from typing import Any

from globalmarket.core.errors import NotFound

from .errors import OrderError
from .models import Order, VendorOrder
from .selectors import orders_all, orders_of_customer, vendor_orders_of


def _missing() -> NotFound:
    return NotFound("Order not found.", code=OrderError.ORDER_NOT_FOUND)


def order_for_customer(user: Any, number: str, *, parts: bool = True) -> Order:
    """The signed-in customer's order; `parts=False` skips loading vendor orders and lines."""
    if user is None or not user.is_authenticated:
        raise _missing()
    order = orders_of_customer(user, parts=parts).filter(number=number).first()
    if order is None:
        raise _missing()
    return order


def order_for_staff(number: str) -> Order:
    order = orders_all().filter(number=number).first()
    if order is None:
        raise _missing()
    return order


def vendor_order_for_vendor(vendor: Any, number: str) -> VendorOrder:
    vendor_order = vendor_orders_of(vendor).filter(number=number).first()
    if vendor_order is None:
        raise _missing()
    return vendor_order


def vendor_order_for_staff(number: str) -> VendorOrder:
    vendor_order = (
        VendorOrder.objects.select_related("order", "vendor").filter(number=number).first()
    )
    if vendor_order is None:
        raise _missing()
    return vendor_order
