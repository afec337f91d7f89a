"""Reads for the storefront pages. Each loads related data for the whole page in one go.

Which products a shopper sees, and how filters and orderings work, is the catalog's rule
(globalmarket.catalog.selectors); these functions only add what a page shows (product
cards: first image and stock total) and the page's own free-text filter.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet, Sum

from globalmarket.catalog import selectors as catalog
from globalmarket.catalog.cache import catalog_version
from globalmarket.catalog.i18n import translated
from globalmarket.catalog.models import Brand, Category, Product, ProductImage
from globalmarket.core.errors import ApplicationError
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant

NAV_CACHE_SECONDS = 300
# The page's sort names → the catalog's orderings (catalog.selectors.ORDERINGS).
SORTS = {
    "newest": "newest",
    "price_asc": "price",
    "price_desc": "-price",
    "rating": "rating",
    "popular": "popularity",
}


def _with_cards(qs: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card needs: vendor, first image, stock total, one prefetch per relation."""
    return (
        qs.select_related("vendor")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
        .annotate(stock_total=Sum("variants__stock", filter=Q(variants__is_active=True)))
    )


def nav_categories() -> list[dict[str, Any]]:
    """Top-level categories for the header, cached per region (the cache key has the tenant)."""
    key = f"storefront:nav-categories:{catalog_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = list(
            Category.objects.filter(parent__isnull=True, is_active=True).values(
                "id", "slug", "name"
            )
        )
        cache.set(key, cached, NAV_CACHE_SECONDS)
    return [{**c, "label": translated(c["name"])} for c in cached]


def home_products(*, limit: int = 8) -> dict[str, list[Product]]:
    def cards(filters: catalog.ProductFilters) -> list[Product]:
        return list(_with_cards(catalog.products_matching(filters))[:limit])

    return {
        "featured": cards(catalog.ProductFilters(featured=True)),
        "deals": cards(catalog.ProductFilters(on_sale=True)),
        "new": cards(catalog.ProductFilters()),
    }


@dataclass(frozen=True)
class ProductFilters:
    q: str = ""
    brand: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    on_sale: bool = False
    sort: str = "newest"


def product_list(*, category: Category | None, filters: ProductFilters) -> QuerySet[Product]:
    qs = catalog.products_matching(
        catalog.ProductFilters(
            brand=filters.brand or None,
            min_price=filters.min_price,
            max_price=filters.max_price,
            in_stock=True if filters.in_stock else None,
            on_sale=True if filters.on_sale else None,
            ordering=SORTS.get(filters.sort, "newest"),
        ),
        category=category,
    )
    if filters.q:
        # Plain containment over the stored translations until search lands.
        qs = qs.filter(Q(name__icontains=filters.q) | Q(sku__iexact=filters.q))
    return _with_cards(qs)


def brands_in(*, category: Category | None) -> list[Brand]:
    # Only brands a shopper can buy: published products of approved vendors (catalog's rule).
    products = catalog.public_products()
    if category is not None:
        products = products.filter(category__path__startswith=category.path)
    return list(Brand.objects.filter(products__in=products).distinct().order_by("name"))


@dataclass(frozen=True)
class ShippingQuote:
    country: str
    available: bool
    cost: Decimal | None = None
    days_min: int | None = None
    days_max: int | None = None

    @property
    def is_free(self) -> bool:
        return self.cost is not None and self.cost == 0


def shipping_quote(product: Product, country: str) -> ShippingQuote:
    """Shipping of one unit to `country`, by checkout's own rules, so the page never promises
    what checkout then refuses (checkout.shipping.vendor_shipping)."""
    from globalmarket.checkout.shipping import vendor_shipping

    try:
        shipping = vendor_shipping([product], product.vendor, country)
    except ApplicationError:
        return ShippingQuote(country=country, available=False)
    cost = shipping.cost
    if shipping.free_over is not None and product.price >= shipping.free_over:
        cost = Decimal(0)
    return ShippingQuote(
        country=country,
        available=True,
        cost=quantize(cost, product.currency),
        days_min=shipping.days_min,
        days_max=shipping.days_max,
    )


def shopper_country(cookie_value: str | None) -> str:
    tenant = require_tenant()
    value = (cookie_value or "").upper()
    return value if value in tenant.countries else (tenant.countries[0] if tenant.countries else "")


# --- Cart -------------------------------------------------------------------------


@dataclass
class CartGroup:
    vendor: Any
    lines: list[Any]
    subtotal: Decimal
    shipping: Decimal | None
    days_min: int | None
    days_max: int | None
    problem: str = ""


@dataclass
class CartSummary:
    groups: list[CartGroup]
    subtotal: Decimal
    shipping: Decimal
    total: Decimal
    tax: Decimal
    includes_vat: bool
    count: int
    can_checkout: bool


def cart_item_count(cart: Any) -> int:
    from globalmarket.cart.models import CartLine

    return int(CartLine.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0)


def cart_summary(cart: Any, country: str) -> CartSummary:
    """Lines grouped by vendor, priced now, with each vendor's shipping to `country`.

    Uses the checkout's own pricing (checkout.pricing.build_quote) so the cart shows what
    checkout will charge, coupon aside.
    """
    from globalmarket.cart.selectors import cart_lines, describe_line
    from globalmarket.checkout.pricing import Item, build_quote
    from globalmarket.checkout.shipping import vendor_shipping
    from globalmarket.checkout.tax import rate_table

    tenant = require_tenant()
    currency = tenant.default_currency
    lines = list(cart_lines(cart).prefetch_related(
        Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "id"))))  # fmt: skip
    views = [describe_line(line) for line in lines]
    by_vendor: dict[int, list[Any]] = {}
    for view in views:
        by_vendor.setdefault(view.line.variant.vendor_id, []).append(view)
    shipping: dict[int, Any] = {}
    problems: dict[int, str] = {}
    for vendor_id, group in by_vendor.items():
        products = list({v.line.variant.product_id: v.line.variant.product for v in group}.values())
        try:
            shipping[vendor_id] = vendor_shipping(products, products[0].vendor, country)
        except ApplicationError as exc:  # the vendor does not ship there
            problems[vendor_id] = exc.message
    sellable = [v for v in views if v.available and v.line.variant.vendor_id not in problems]
    items = [Item(key=v.line.variant_id, vendor_id=v.line.variant.vendor_id, quantity=v.line.quantity,
                  unit_price=v.unit_price, tax_class=v.line.variant.product.tax_class) for v in sellable]  # fmt: skip
    quote = build_quote(items=items, shipping={k: s for k, s in shipping.items() if k not in problems},
                        country=country, rates=rate_table(), currency=currency,
                        includes_vat=tenant.prices_include_vat, coupon=None)  # fmt: skip
    quoted = {vq.vendor_id: vq for vq in quote.vendors}
    groups = []
    for vendor_id, group in by_vendor.items():
        vq = quoted.get(vendor_id)
        groups.append(CartGroup(
            vendor=group[0].line.variant.product.vendor, lines=group,
            subtotal=sum((v.total for v in group), Decimal(0)),
            shipping=vq.shipping_cost if vq else None,
            days_min=vq.days_min if vq else None, days_max=vq.days_max if vq else None,
            problem=problems.get(vendor_id, ""),
        ))  # fmt: skip
    return CartSummary(
        groups=groups, subtotal=quote.subtotal, shipping=quote.shipping_cost, total=quote.total,
        tax=quote.tax, includes_vat=quote.includes_vat, count=sum(v.line.quantity for v in views),
        can_checkout=bool(views) and len(sellable) == len(views),
    )  # fmt: skip
