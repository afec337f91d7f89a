"""Fetch orders for the current actor: "not yours" is "not found"."""

from typing import Any

from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import NotFound
from globalmarket.orders.models import Order, VendorOrder
from globalmarket.vendors.access import membership_for, vendor_for


def order_for_customer(user: Any, number: str) -> Order:
    order = None
    if user is not None and user.is_authenticated:
        order = Order.objects.filter(number=number, customer=user).first()
    if order is None:
        raise NotFound("Order not found.")
    return order


def vendor_order_for_vendor(user: Any, number: str, *, vendor_slug: str | None,
                            perm: Perm = Perm.VENDOR_REFUND) -> tuple[VendorOrder, str]:  # fmt: skip
    """The vendor order if it belongs to the user's vendor and their role allows `perm`."""
    membership = membership_for(user, vendor_slug=vendor_slug)
    vendor = vendor_for(user, perm, vendor_slug=membership.vendor.slug)
    vendor_order = VendorOrder.objects.filter(number=number, vendor=vendor).first()
    if vendor_order is None:
        raise NotFound("Order not found.")
    return vendor_order, f"vendor:{vendor.slug}:{membership.role}"


def vendor_order_for_staff(number: str) -> VendorOrder:
    vendor_order = VendorOrder.objects.filter(number=number).first()
    if vendor_order is None:
        raise NotFound("Order not found.")
    return vendor_order
