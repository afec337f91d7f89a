"""Reads for the vendor dashboard: sales at a glance, products, team.

Order lists, order details and timelines are the orders app's (orders.selectors, orders.access),
and product lists the catalog's, so the dashboard shows what the API shows.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from globalmarket.catalog.models import Product, ProductVariant
from globalmarket.catalog.selectors import vendor_products_matching
from globalmarket.ledger.models import Payout
from globalmarket.orders.models import VendorOrder
from globalmarket.tenancy.context import require_tenant
from globalmarket.vendors.models import Vendor, VendorMember

COUNTED = [VendorOrder.Status.PENDING, VendorOrder.Status.ACCEPTED, VendorOrder.Status.SHIPPED,
           VendorOrder.Status.DELIVERED]  # fmt: skip
OPEN = [VendorOrder.Status.PENDING, VendorOrder.Status.ACCEPTED]


@dataclass(frozen=True)
class SalesDay:
    day: date
    revenue: Decimal
    orders: int


@dataclass(frozen=True)
class Overview:
    days: list[SalesDay]
    revenue: Decimal
    orders: int
    to_act_on: int
    products: int
    low_stock: int


def sales_last_days(vendor: Vendor, *, days: int = 30) -> list[SalesDay]:
    """Revenue (order totals) and order count per day in the region's timezone, zeros included."""
    tz = ZoneInfo(require_tenant().timezone)
    today = timezone.now().astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    rows = VendorOrder.objects.filter(
        vendor=vendor, status__in=COUNTED,
        created_at__gte=timezone.make_aware(datetime.combine(first, time.min), tz),
    ).values_list("created_at", "total")  # fmt: skip
    revenue = {first + timedelta(days=i): Decimal(0) for i in range(days)}
    orders = dict.fromkeys(revenue, 0)
    for created_at, total in rows:
        day = created_at.astimezone(tz).date()
        if day in revenue:
            revenue[day] += total
            orders[day] += 1
    return [SalesDay(day, revenue[day], orders[day]) for day in revenue]


def overview(vendor: Vendor) -> Overview:
    days = sales_last_days(vendor)
    products = Product.objects.filter(vendor=vendor).aggregate(
        total=Count("id", filter=~Q(status=Product.Status.ARCHIVED)),
    )
    low_stock = (
        ProductVariant.objects.filter(vendor=vendor, is_active=True, product__track_inventory=True,
                                      stock__lte=F("product__low_stock_threshold"))
        .exclude(product__status=Product.Status.ARCHIVED).count()
    )  # fmt: skip
    return Overview(
        days=days,
        revenue=sum((d.revenue for d in days), Decimal(0)),
        orders=sum(d.orders for d in days),
        to_act_on=VendorOrder.objects.filter(vendor=vendor, status__in=OPEN).count(),
        products=products["total"],
        low_stock=low_stock,
    )


def vendor_products(vendor: Vendor, *, q: str = "", status: str = "") -> QuerySet[Product]:
    """The catalog's list of the vendor's products, with the stock of their active variants."""
    return vendor_products_matching(vendor=vendor, status=status, q=q).annotate(
        stock_total=Sum("variants__stock", filter=Q(variants__is_active=True))
    )


def recent_payouts(vendor: Vendor, *, limit: int = 24) -> QuerySet[Payout]:
    return Payout.objects.filter(vendor=vendor).order_by("-created_at", "-id")[:limit]


def team(vendor: Vendor) -> QuerySet[VendorMember]:
    return VendorMember.objects.filter(vendor=vendor).select_related("user").order_by("created_at")


def memberships(user: Any) -> list[VendorMember]:
    return list(
        VendorMember.objects.filter(user=user).select_related("vendor").order_by("vendor__name")
    )
