"""Order reads, with related rows loaded once per page (never per row)."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Order, OrderEvent, OrderLine, VendorOrder


def _with_parts(qs: QuerySet[Order]) -> QuerySet[Order]:
    parts = (
        VendorOrder.objects.select_related("vendor")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("sequence")
    )
    return qs.prefetch_related(Prefetch("vendor_orders", queryset=parts))


def orders_of_customer(user: Any, *, parts: bool = True) -> QuerySet[Order]:
    """The customer's orders, newest first; with `parts`, their vendor orders and lines too."""
    qs = Order.objects.filter(customer=user).order_by("-placed_at", "-id")
    return _with_parts(qs) if parts else qs


def orders_all(*, status: str = "", search: str = "") -> QuerySet[Order]:
    qs = Order.objects.all().order_by("-placed_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(number__icontains=search) | qs.filter(customer_email__iexact=search)
    return _with_parts(qs)


def vendor_orders_of(vendor: Any, *, status: str = "") -> QuerySet[VendorOrder]:
    qs = (
        VendorOrder.objects.filter(vendor=vendor)
        .select_related("order", "vendor")
        .order_by("-created_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))


def order_events(order: Order, *, vendor_order: VendorOrder | None = None) -> QuerySet[OrderEvent]:
    qs = OrderEvent.objects.filter(order=order).exclude(kind__startswith="email_")
    if vendor_order is not None:
        qs = qs.filter(vendor_order=vendor_order)
    return qs.order_by("created_at", "id")
