"""An order with one vendor order per vendor, lines and active stock reservations."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from globalmarket.catalog.tests.factories import ProductVariantFactory
from globalmarket.checkout.models import StockReservation
from globalmarket.orders.models import Order, OrderLine, VendorOrder
from globalmarket.vendors.tests.factories import VendorFactory

_counter = {"n": 0}


def make_order(*, customer: Any = None, method: str = "card", country: str = "NL",
               vendors: list[Any] | None = None, line_total: str = "50.00", quantity: int = 2,
               stock: int = 10, currency: str = "EUR", reserve_minutes: int = 15) -> Order:  # fmt: skip
    """Create inside a tenant: each vendor gets one vendor order with one line of `quantity` units."""
    _counter["n"] += 1
    vendors = vendors or [VendorFactory(), VendorFactory()]
    number = f"EU-2026-{_counter['n']:06d}"
    per_vendor = Decimal(line_total)
    order = Order.objects.create(
        number=number, customer=customer, customer_email=getattr(customer, "email", "guest@example.test"),
        shipping_address={"name": "Sam", "street": "Damrak 1", "city": "Amsterdam", "postal_code": "1012",
                          "country": country},
        currency=currency, prices_include_vat=True, subtotal=per_vendor * len(vendors),
        total=per_vendor * len(vendors), payment_method=method,
    )  # fmt: skip
    for sequence, vendor in enumerate(vendors, start=1):
        vendor_order = VendorOrder.objects.create(
            order=order, vendor=vendor, number=f"{number}-{sequence}", sequence=sequence,
            currency=currency, subtotal=per_vendor, total=per_vendor,
        )  # fmt: skip
        variant = ProductVariantFactory(product__vendor=vendor, stock=stock)
        OrderLine.objects.create(
            order=order, vendor_order=vendor_order, product=variant.product, variant=variant,
            product_name="Thing", sku=variant.sku, unit_price=per_vendor / quantity, quantity=quantity,
            line_subtotal=per_vendor, vat_rate=Decimal("0.21"), vat_amount=Decimal("8.68"),
            line_net=per_vendor - Decimal("8.68"), line_total=per_vendor,
        )  # fmt: skip
        variant.stock -= quantity
        variant.save(update_fields=["stock"])
        StockReservation.objects.create(order=order, variant=variant, quantity=quantity,
                                        expires_at=timezone.now() + timedelta(minutes=reserve_minutes))  # fmt: skip
    return order
