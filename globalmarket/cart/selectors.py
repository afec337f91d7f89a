"""Cart reads: the cart of the current shopper, priced now, with what changed since."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from globalmarket.catalog.models import Product, ProductVariant
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.rows import RowReader

from .models import Address, Cart, CartLine

MAX_LINE_QUANTITY = 99


def max_line_quantity() -> int:
    return int(getattr(settings, "CART_MAX_LINE_QUANTITY", MAX_LINE_QUANTITY))


def is_sellable(variant: ProductVariant) -> bool:
    product = variant.product
    return bool(
        variant.is_active
        and product.status == Product.Status.PUBLISHED
        and product.vendor.is_selling
        and product.currency == require_tenant().default_currency
    )


def line_limit(variant: ProductVariant) -> int:
    """The most units of this variant one line may hold now."""
    if not variant.product.track_inventory:
        return max_line_quantity()
    return max(0, min(max_line_quantity(), variant.stock))


def cart_lines(cart: Cart) -> QuerySet[CartLine]:
    return cart.lines.select_related(
        "variant__product__vendor", "variant__product__category"
    ).order_by("added_at", "id")


# The checkout's and add-to-cart's reads, prebuilt (tenancy.rows): the same objects as
# select_related("variant__product__vendor", "variant__product__category") and
# select_related("product__vendor") give, at a fraction of the ORM's CPU per request.
_LINES = RowReader(CartLine, "variant", "variant__product", "variant__product__vendor",
                   "variant__product__category")  # fmt: skip
_VARIANTS = RowReader(ProductVariant, "product", "product__vendor")
_CARTS = RowReader(Cart)
_CART_LINES = RowReader(CartLine)


def cart_lines_locked(cart: Cart) -> list[CartLine]:
    """The cart's lines, locked (SELECT … FOR UPDATE) in primary-key order; in a transaction."""
    return _CART_LINES.rows("b.cart_id = %s", [cart.pk], order_by="b.id", for_update=True)


def checkout_lines(user: Any) -> list[CartLine]:
    """The signed-in shopper's cart lines with variant, product, vendor, category (one query)."""
    cart = Cart._meta.db_table
    return _LINES.rows(
        f"b.cart_id IN (SELECT c.id FROM {cart} c WHERE c.user_id = %s)",  # noqa: S608 - table name from the model
        [user.pk], order_by="b.added_at, b.id",
    )  # fmt: skip


def cart_for(*, user: Any = None, token: Any = None) -> Cart | None:
    if user is not None and user.is_authenticated:
        # At most one (constraint cart_one_per_user); on every add-to-cart, so prebuilt.
        return next(iter(_CARTS.rows("b.user_id = %s", [user.pk])), None)
    if token:
        return Cart.objects.filter(token=token, user__isnull=True).first()
    return None


@dataclass
class LineView:
    line: CartLine
    unit_price: Decimal
    max_quantity: int
    available: bool
    issues: list[dict[str, str]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.line.quantity


def describe_line(line: CartLine) -> LineView:
    """Price and availability now, and what changed since the line was added."""
    variant = line.variant
    currency = require_tenant().default_currency
    price = quantize(variant.price, currency)
    limit = line_limit(variant)
    issues: list[dict[str, str]] = []
    available = is_sellable(variant)
    if not available:
        issues.append({"code": "unavailable", "message": "This item is no longer sold."})
    elif limit == 0:
        available = False
        issues.append({"code": "out_of_stock", "message": "This item is out of stock."})
    elif line.quantity > limit:
        issues.append({"code": "insufficient_stock",
                       "message": f"Only {limit} can be ordered now."})  # fmt: skip
    before = quantize(line.price_at_add, currency)
    if before != price:
        issues.append({"code": "price_changed", "message": f"The price changed from {before} to {price}.",
                       "previous_price": str(before), "current_price": str(price)})  # fmt: skip
    return LineView(line, price, limit, available, issues)


def addresses_of(user: Any) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def variants_by_id(ids: list[int]) -> dict[int, ProductVariant]:
    """The variants (with product and vendor) among `ids` that exist (one query)."""
    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        return {}
    rows = _VARIANTS.rows(f"b.id IN ({', '.join(['%s'] * len(unique))})", unique)
    return {v.id: v for v in rows}


def variant_label(variant: Any) -> str:
    """'Color: Black' (or just the value when the option has no name)."""
    if not variant.option_value:
        return ""
    if variant.option_name:
        return f"{variant.option_name}: {variant.option_value}"
    return str(variant.option_value)
