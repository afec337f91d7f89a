"""Demo coupons, and a few orders of the demo customer in different states (safe to re-run).

Orders are created only when the catalog's demo products exist; otherwise this step says so
and skips them.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from globalmarket.accounts.models import User
from globalmarket.cart.models import Address, CartLine
from globalmarket.catalog.models import Product, ProductVariant
from globalmarket.checkout.models import Coupon
from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.models import Tenant

from .models import Order, OrderEvent, VendorOrder

CUSTOMER = "customer@demo.globalmarket.test"
ADDRESSES = {
    "EU": {"label": "Home", "full_name": "Demo Customer", "street": "Damrak", "house_number": "1",
           "city": "Amsterdam", "postal_code": "1012 LG", "country": "NL", "phone": "+31612345678"},
    "MENA": {"label": "Home", "full_name": "Demo Customer", "street": "Sheikh Zayed Road", "city": "Dubai",
             "state": "Dubai", "country": "AE", "phone": "+971501234567"},
}  # fmt: skip
COUPONS: list[dict[str, Any]] = [
    {"code": "WELCOME10", "kind": Coupon.Kind.PERCENTAGE, "value": 10, "max_uses_per_customer": 1},
    {"code": "SAVE5", "kind": Coupon.Kind.FIXED, "value": 5, "min_spend": 50, "max_uses": 1000},
]
# (payment method, vendor-order actions) for each demo order.
PLAN: list[tuple[str, list[str]]] = [
    ("cod", ["accepted", "shipped", "delivered"]),
    ("cod", ["accepted", "shipped"]),
    ("cod", ["accepted"]),
    ("card", []),
    ("cod", ["cancel"]),
]


def _coupons(stdout: Any) -> None:
    for spec in COUPONS:
        Coupon.objects.get_or_create(code=spec["code"], defaults={**spec,
                                     "ends_at": timezone.now() + timedelta(days=365)})  # fmt: skip
    stdout.write(f"  coupons: {', '.join(c['code'] for c in COUPONS)}")


def _sellable(tenant: Tenant, country: str) -> list[ProductVariant]:
    variants = (
        ProductVariant.objects.filter(product__status=Product.Status.PUBLISHED, product__currency=tenant.default_currency,
                                      is_active=True, stock__gte=5)
        .select_related("product__vendor").order_by("id")
    )  # fmt: skip
    return [
        v
        for v in variants[:50]
        if not v.product.available_in_countries or country in v.product.available_in_countries
    ]


def seed(tenant: Tenant, *, stdout: Any) -> None:
    from globalmarket.cart.services import cart_clear, cart_get_or_create
    from globalmarket.checkout.services import checkout_place
    from globalmarket.orders.services import order_cancel, vendor_order_transition

    _coupons(stdout)
    customer = User.objects.filter(email=CUSTOMER).first()
    if customer is None:
        stdout.write("  orders: skipped (no demo customer)")
        return
    address = dict(ADDRESSES.get(tenant.code, ADDRESSES["EU"]))
    if not Address.objects.filter(user=customer).exists():
        Address.objects.create(user=customer, is_default=True, **address)
    address.pop("label")
    if Order.objects.filter(customer=customer).exists():
        stdout.write("  orders: already seeded")
        return
    variants = _sellable(tenant, address["country"])
    if not variants:
        stdout.write("  orders: skipped (no demo products yet)")
        return
    made = 0
    for index, (method, actions) in enumerate(PLAN):
        variant = variants[index % len(variants)]
        cart = cart_get_or_create(user=customer)
        cart_clear(cart=cart)
        CartLine.objects.create(cart=cart, variant=variant, quantity=1, price_at_add=variant.price)
        try:
            order = checkout_place(
                user=customer, shipping_address=address, payment_method=method
            ).order
        except ApplicationError as exc:
            stdout.write(f"  orders: one skipped ({exc.code})")
            cart_clear(cart=cart)
            continue
        made += 1
        for action in actions:
            if action == "cancel":
                order_cancel(order=order, actor=customer, role=OrderEvent.ActorRole.CUSTOMER)
                continue
            for vo in VendorOrder.objects.filter(order=order):
                vendor_order_transition(vendor_order=vo, target=action, actor=None, role=OrderEvent.ActorRole.SYSTEM,
                                        carrier="postnl" if tenant.code == "EU" else "aramex",
                                        tracking_number=f"DEMO{order.pk:06d}")  # fmt: skip
    stdout.write(f"  orders: {made} for {CUSTOMER}")
