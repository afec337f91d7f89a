"""Small builders for dashboard tests: a vendor order with one line, at a given time."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from globalmarket.orders.models import Order, OrderLine, VendorOrder

ADDRESS = {"full_name": "Anna de Vries", "street": "Damrak", "house_number": "1", "postal_code": "1012 LG",
           "city": "Amsterdam", "country": "NL"}  # fmt: skip


def make_vendor_order(vendor: Any, *, number: str, total: str = "50.00", status: str = "pending",
                      created_at: datetime | None = None, quantity: int = 1) -> VendorOrder:  # fmt: skip
    amount = Decimal(total)
    order = Order.objects.create(
        number=number, customer_email="anna@example.test", shipping_address=ADDRESS, currency="EUR",
        prices_include_vat=True, subtotal=amount, total=amount, payment_method="sandbox_card",
    )  # fmt: skip
    vo = VendorOrder.objects.create(order=order, vendor=vendor, number=f"{number}-1", sequence=1, status=status,
                                    currency="EUR", subtotal=amount, total=amount)  # fmt: skip
    OrderLine.objects.create(
        order=order, vendor_order=vo, product_name="Wireless headphones", sku="WH-1", unit_price=amount,
        quantity=quantity, line_subtotal=amount, vat_rate=Decimal("0.21"), vat_amount=Decimal("8.68"),
        line_net=amount - Decimal("8.68"), line_total=amount,
    )  # fmt: skip
    if created_at is not None:
        VendorOrder.objects.filter(pk=vo.pk).update(created_at=created_at)
        vo.refresh_from_db()
    return vo
