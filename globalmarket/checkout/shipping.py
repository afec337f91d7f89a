"""Shipping per vendor for a destination country.

Each product may name its cost and delivery days per country (`Product.shipping_info`);
otherwise the vendor's default table (`Vendor.shipping_rates`) applies. A vendor ships its
part in one parcel, so the vendor's cost is the highest cost among its products, and the
delivery estimate spans the slowest product. `Vendor.free_shipping_over` makes the vendor's
part free from that subtotal on (applied in pricing.build_quote).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from globalmarket.catalog.i18n import translated
from globalmarket.core.errors import ApplicationError

from .errors import CheckoutError
from .pricing import Shipping


def _decimal(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _entry(
    product: Any, vendor: Any, country: str
) -> tuple[Decimal, int | None, int | None] | None:
    info = (product.shipping_info or {}).get(country)
    if isinstance(info, dict):
        cost = _decimal(info.get("shipping_cost", info.get("cost")))
        if cost is not None:
            return cost, info.get("delivery_days_min"), info.get("delivery_days_max")
    rate = (vendor.shipping_rates or {}).get(country)
    if isinstance(rate, dict):
        cost = _decimal(rate.get("cost", rate.get("shipping_cost")))
        if cost is not None:
            return cost, rate.get("delivery_days_min"), rate.get("delivery_days_max")
    return None


def check_available(product: Any, country: str) -> None:
    """Refuse a product that is not sold to `country`, naming it."""
    countries = product.available_in_countries or []
    if countries and country not in countries:
        name = translated(product.name)
        raise ApplicationError(
            CheckoutError.NOT_AVAILABLE_IN_COUNTRY,
            f"“{name}” cannot be delivered to {country}.",
            fields={"shipping_address.country": [{
                "code": str(CheckoutError.NOT_AVAILABLE_IN_COUNTRY),
                "message": f"“{name}” ({product.sku}) is not available in {country}.",
            }]},
            extra={"product": product.sku},
        )  # fmt: skip


def vendor_shipping(products: list[Any], vendor: Any, country: str) -> Shipping:
    cost = Decimal(0)
    days_min: int | None = None
    days_max: int | None = None
    for product in products:
        check_available(product, country)
        entry = _entry(product, vendor, country)
        if entry is None:
            name = translated(product.name)
            raise ApplicationError(
                CheckoutError.NOT_AVAILABLE_IN_COUNTRY,
                f"{vendor.name} does not ship “{name}” to {country}.",
                fields={"shipping_address.country": [{
                    "code": str(CheckoutError.NOT_AVAILABLE_IN_COUNTRY),
                    "message": f"“{name}” ({product.sku}) cannot be shipped to {country}.",
                }]},
                extra={"product": product.sku},
            )  # fmt: skip
        cost = max(cost, entry[0])
        if isinstance(entry[1], int):
            days_min = max(days_min or 0, entry[1])
        if isinstance(entry[2], int):
            days_max = max(days_max or 0, entry[2])
    return Shipping(cost=cost, days_min=days_min, days_max=days_max,
                    free_over=vendor.free_shipping_over)  # fmt: skip
