"""Build orders for ledger tests (the orders app has no factories yet)."""

from decimal import Decimal
from itertools import count
from typing import Any

from globalmarket.core.money import quantize, vat_from_gross
from globalmarket.orders.models import Order, OrderLine, VendorOrder

_n = count(1)


def make_order(vendor: Any, lines: list[tuple[str, str, int, str]], *, language: str = "en",
               shipping: str = "0.00", shipping_rate: str = "0.21", currency: str = "EUR",
               customer: Any = None, address: dict[str, str] | None = None) -> VendorOrder:  # fmt: skip
    """One order with one vendor order; lines are (name, gross unit price, quantity, VAT rate)."""
    n = next(_n)
    rows = []
    for name, unit, quantity, rate in lines:
        gross = quantize(Decimal(unit) * quantity, currency)
        vat = vat_from_gross(gross, Decimal(rate), currency)
        rows.append((name, Decimal(unit), quantity, Decimal(rate), gross, vat))
    ship = Decimal(shipping)
    ship_vat = vat_from_gross(ship, Decimal(shipping_rate), currency) if ship else Decimal(0)
    total = sum((r[4] for r in rows), Decimal(0)) + ship
    tax = sum((r[5] for r in rows), Decimal(0)) + ship_vat
    address = address or {"name": "Jan Jansen", "street": "Damrak 1", "postal_code": "1012 LG",
                          "city": "Amsterdam", "country": "NL"}  # fmt: skip
    order = Order.objects.create(
        number=f"EU-2026-{n:06d}", customer=customer, customer_email="buyer@example.test",
        language=language, shipping_address=address, currency=currency, prices_include_vat=True,
        subtotal=total - ship, shipping_cost=ship, tax=tax, total=total, payment_method="card",
    )  # fmt: skip
    vendor_order = VendorOrder.objects.create(
        order=order, vendor=vendor, number=f"{order.number}-1", sequence=1, currency=currency,
        subtotal=total - ship, shipping_cost=ship, tax=tax, total=total,
    )  # fmt: skip
    for name, unit, quantity, rate, gross, vat in rows:
        OrderLine.objects.create(
            order=order, vendor_order=vendor_order, product_name=name,
            product_name_i18n={language: name}, sku=f"SKU-{n}", unit_price=unit, quantity=quantity,
            line_subtotal=gross, vat_rate=rate, vat_amount=vat, line_net=gross - vat, line_total=gross,
            commission_rate=Decimal("0.1000"),
        )  # fmt: skip
    return vendor_order
