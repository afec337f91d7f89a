"""Helpers to build shops and orders in tests (call inside use_tenant / in_eu)."""

from decimal import Decimal
from typing import Any

from globalmarket.accounts.roles import VendorRole
from globalmarket.cart.models import Cart, CartLine
from globalmarket.catalog.models import ProductVariant
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.vendors.models import VendorMember
from globalmarket.vendors.tests.factories import VendorFactory

RATES = {c: {"cost": "4.95", "delivery_days_min": 1, "delivery_days_max": 3}
         for c in ("NL", "DE", "BE", "FR", "AE", "SA", "EG")}  # fmt: skip

NL_ADDRESS = {
    "full_name": "Anna de Vries", "street": "Damrak", "house_number": "1", "city": "Amsterdam",
    "postal_code": "1012 LG", "country": "NL", "phone": "+31612345678",
}  # fmt: skip
AE_ADDRESS = {
    "full_name": "Omar Haddad", "street": "Sheikh Zayed Road", "city": "Dubai", "state": "Dubai",
    "country": "AE", "phone": "+971501234567",
}  # fmt: skip


def make_vendor(**fields: Any) -> Any:
    fields.setdefault("shipping_rates", RATES)
    return VendorFactory(**fields)


def make_variant(*, price: str = "19.99", stock: int = 10, vendor: Any = None, currency: str = "EUR",
                 **product_fields: Any) -> ProductVariant:  # fmt: skip
    vendor = vendor or make_vendor()
    if currency != "EUR":
        product_fields.setdefault("available_in_countries", ["AE", "SA", "EG"])
    product = ProductFactory(vendor=vendor, price=Decimal(price), currency=currency,
                             variants=[{"stock": stock}], **product_fields)  # fmt: skip
    return product.variants.get()


def fill_cart(user: Any, *lines: tuple[ProductVariant, int]) -> Cart:
    cart, _ = Cart.objects.get_or_create(user=user)
    for variant, quantity in lines:
        CartLine.objects.create(cart=cart, variant=variant, quantity=quantity,
                                price_at_add=variant.price)  # fmt: skip
    return cart


def add_member(vendor: Any, user: Any, role: str = VendorRole.OWNER) -> VendorMember:
    return VendorMember.objects.create(vendor=vendor, user=user, role=role)


def place(user: Any, *lines: tuple[ProductVariant, int], method: str = "cod", address: Any = None,
          coupon: str = "") -> Any:  # fmt: skip
    from globalmarket.checkout.services import checkout_place

    fill_cart(user, *lines)
    return checkout_place(user=user, shipping_address=address or NL_ADDRESS, payment_method=method,
                          coupon_code=coupon).order  # fmt: skip
