"""Product and category responses, built from rows already loaded (no queries here).

Amounts are decimal strings quantized to the currency. Public responses never carry
`cost_price`; the vendor and staff responses add it with the other back-office fields.
"""

from decimal import Decimal
from typing import Any

from django.core.files.storage import storages
from rest_framework import serializers

from globalmarket.core.money import quantize

from ..i18n import translated
from ..models import Category, Product
from ..rows import Row, category_row, row_from_product


def money(value: Decimal | None, currency: str) -> str | None:
    return None if value is None else str(quantize(value, currency))


def _url(name: str) -> str:
    # The storage itself, not the `default_storage` proxy: every attribute read through the
    # proxy costs a call, and a list renders two URLs per product.
    return storages["default"].url(name) if name else ""


def image_out(image: Row, language: str) -> dict[str, Any]:
    return {
        "id": image["id"],
        "url": _url(image["image"]),
        "alt": translated(image["alt"], language),
        "width": image["width"],
        "height": image["height"],
        "position": image["position"],
        "thumbnails": {label: _url(path) for label, path in image["thumbnails"].items()},
    }


def variant_out(variant: Row, product: Row, language: str) -> dict[str, Any]:
    names = variant["translations"].get(language) or {}
    return {
        "id": variant["id"],
        "sku": variant["sku"],
        "name": names.get("name") or variant["option_name"],
        "value": names.get("value") or variant["option_value"],
        "price": money(product["price"] + variant["price_modifier"], product["currency"]),
        "in_stock": (not product["track_inventory"]) or variant["stock"] > 0,
    }


def shipping_out(product: Row, country: str | None) -> dict[str, Any] | None:
    if not country or country not in product["available_in_countries"]:
        return None
    entry = product["shipping_info"].get(country)
    if entry is not None:
        cost = entry.get("shipping_cost", "0")
    else:
        entry = product["vendor"]["shipping_rates"].get(country)
        if entry is None:
            return None
        cost = entry.get("cost", entry.get("shipping_cost", "0"))
    return {
        "country": country,
        "cost": money(Decimal(str(cost)), product["currency"]),
        "delivery_days_min": entry.get("delivery_days_min"),
        "delivery_days_max": entry.get("delivery_days_max"),
    }


def category_ref(category: Row, language: str) -> dict[str, Any]:
    """A category row (catalog.rows.category_row) in `language`."""
    return {
        "id": category["id"],
        "slug": category["slug"],
        "name": translated(category["name"], language),
        "path": category["path"],
    }


def product_out(product: Row, *, language: str, country: str | None) -> dict[str, Any]:
    """The public shape of a product row (catalog.rows) in `language`, with the shipping
    terms for `country`."""
    currency = product["currency"]
    brand = product["brand"]
    vendor = product["vendor"]
    return {
        "id": product["id"],
        "slug": product["slug"],
        "name": translated(product["name"], language),
        "description": translated(product["description"], language),
        "price": money(product["price"], currency),
        "compare_at_price": money(product["compare_at_price"], currency),
        "currency": currency,
        "brand": {"slug": brand["slug"], "name": brand["name"]} if brand else None,
        "category": category_ref(product["category"], language),
        "vendor": {"slug": vendor["slug"], "name": vendor["name"]},
        "images": [image_out(i, language) for i in product["images"]],
        "variants": [variant_out(v, product, language) for v in product["variants"]],
        "available_in_countries": list(product["available_in_countries"]),
        "shipping": shipping_out(product, country),
        "rating_avg": str(product["rating_avg"]),
        "rating_count": product["rating_count"],
    }


def product_back_office_out(product: Product, *, language: str) -> dict[str, Any]:
    """Everything the vendor and staff see: all translations, status, cost price, stock.

    Extends the public shape: its variant and image entries are reused, not rendered again.
    """
    currency = product.currency
    public = product_out(row_from_product(product), language=language, country=None)
    variants = list(product.variants.all())
    return {
        **public,
        "sku": product.sku,
        "status": product.status,
        "rejection_reason": product.rejection_reason,
        "names": product.name,
        "descriptions": product.description,
        "seo": product.seo,
        "attributes": product.attributes,
        "cost_price": money(product.cost_price, currency),
        "tax_class": product.tax_class,
        "track_inventory": product.track_inventory,
        "low_stock_threshold": product.low_stock_threshold,
        "shipping_info": product.shipping_info,
        "is_featured": product.is_featured,
        "is_on_sale": product.is_on_sale,
        "stock": sum(v.stock for v in variants),
        "variants": [
            {
                **shown,
                "option_name": v.option_name,
                "option_value": v.option_value,
                "price_modifier": money(v.price_modifier, currency),
                "stock": v.stock,
                "translations": v.translations,
                "position": v.position,
            }
            for v, shown in zip(variants, public["variants"], strict=True)
        ],
        "images": [
            {**shown, "alts": i.alt}
            for i, shown in zip(product.images.all(), public["images"], strict=True)
        ],
        "metrics": {
            "views": product.views,
            "sales": product.sales_count,
            "revenue": money(product.revenue, currency),
            "rating_avg": str(product.rating_avg),
            "rating_count": product.rating_count,
            "conversion_rate": (
                str(round(Decimal(product.sales_count) / product.views, 4))
                if product.views
                else "0"
            ),
        },
        "source": product.source,
        "created_at": product.created_at.isoformat() if product.created_at else None,
        "updated_at": product.updated_at.isoformat() if product.updated_at else None,
        "published_at": product.published_at.isoformat() if product.published_at else None,
    }


def category_node_out(node: dict[str, Any], language: str) -> dict[str, Any]:
    category: Category = node["category"]
    return {
        **category_ref(category_row(category), language),
        "slugs": category.slugs,
        "position": category.position,
        "children": [category_node_out(child, language) for child in node["children"]],
    }


# ---- OpenAPI descriptions of the shapes above (documentation only).


class _Ref(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CategoryRefOut(_Ref):
    id = serializers.IntegerField()
    path = serializers.CharField()


class ImageOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    position = serializers.IntegerField()
    thumbnails = serializers.DictField(child=serializers.CharField())


class VariantOut(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    value = serializers.CharField()
    price = serializers.DecimalField(max_digits=15, decimal_places=3, coerce_to_string=True)
    in_stock = serializers.BooleanField()


class ShippingOut(serializers.Serializer):
    country = serializers.CharField()
    cost = serializers.CharField()
    delivery_days_min = serializers.IntegerField()
    delivery_days_max = serializers.IntegerField()


class ProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    price = serializers.CharField()
    compare_at_price = serializers.CharField(allow_null=True)
    currency = serializers.CharField()
    brand = _Ref(allow_null=True)
    category = CategoryRefOut()
    vendor = _Ref()
    images = ImageOut(many=True)
    variants = VariantOut(many=True)
    available_in_countries = serializers.ListField(child=serializers.CharField())
    shipping = ShippingOut(allow_null=True)
    rating_avg = serializers.CharField()
    rating_count = serializers.IntegerField()


class BackOfficeProductOut(ProductOut):
    sku = serializers.CharField()
    status = serializers.CharField()
    rejection_reason = serializers.CharField()
    names = serializers.DictField(child=serializers.CharField())
    descriptions = serializers.DictField(child=serializers.CharField())
    cost_price = serializers.CharField(allow_null=True)
    stock = serializers.IntegerField()
    is_featured = serializers.BooleanField()
    is_on_sale = serializers.BooleanField()
    metrics = serializers.DictField()


class CategoryOut(CategoryRefOut):
    slugs = serializers.DictField(child=serializers.CharField())
    position = serializers.IntegerField()
    children = serializers.ListField(child=serializers.DictField())
