"""Public products as plain rows: what the storefront API renders, without model instances.

A row is a dict with the product's public columns and its vendor, brand, category, active
variants and images nested in it (see `row_from_product` for the keys). On PostgreSQL the
rows of any number of products come from one statement that aggregates variants and images
as JSON (`_POSTGRES_ROWS`): no ORM compilation, no model instances, no prefetch queries; it
costs about a tenth of the ORM path per page (docs/adr/0152). Other databases (the embedded
SQLite default) load the same products through the ORM and convert each one with
`row_from_product`, which the back office uses too. The tests run both ways and compare them.
"""

import json
from decimal import Decimal
from typing import Any

from django.db import connections

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_on_postgresql
from globalmarket.vendors.models import Vendor

from . import selectors
from .listing import public_conditions, sold_in
from .models import Brand, Category, Product, ProductImage, ProductVariant

Row = dict[str, Any]


def category_row(category: Category) -> Row:
    return {"id": category.pk, "slug": category.slug, "name": category.name, "path": category.path}


def row_from_product(product: Product) -> Row:
    """The row of a product loaded with its vendor, brand, category, variants and images
    (active variants only, as `selectors._with_related` prefetches them)."""
    brand = product.brand
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "compare_at_price": product.compare_at_price,
        "currency": product.currency,
        "track_inventory": product.track_inventory,
        "available_in_countries": product.available_in_countries,
        "shipping_info": product.shipping_info,
        "rating_avg": product.rating_avg,
        "rating_count": product.rating_count,
        "vendor": {
            "slug": product.vendor.slug,
            "name": product.vendor.name,
            "shipping_rates": product.vendor.shipping_rates or {},
        },
        "brand": {"slug": brand.slug, "name": brand.name} if brand else None,
        "category": category_row(product.category),
        "variants": [
            {
                "id": v.pk,
                "sku": v.sku,
                "option_name": v.option_name,
                "option_value": v.option_value,
                "translations": v.translations,
                "price_modifier": v.price_modifier,
                "stock": v.stock,
            }
            for v in product.variants.all()
        ],
        "images": [
            {
                "id": i.pk,
                "image": i.image.name,
                "alt": i.alt,
                "width": i.width,
                "height": i.height,
                "position": i.position,
                "thumbnails": i.thumbnails,
            }
            for i in product.images.all()
        ],
    }


# One JSON document per product, parsed with one json.loads (half the cost of psycopg
# decoding the columns and nested aggregates one by one). Amounts travel as text, so they
# come back as exact Decimals. Only table names are formatted in (from the models).
_POSTGRES_ROWS = f"""
SELECT json_build_object(
    'id', p.id, 'slug', p.slug, 'name', p.name, 'description', p.description,
    'price', p.price::text, 'compare_at_price', p.compare_at_price::text,
    'currency', p.currency, 'track_inventory', p.track_inventory,
    'available_in_countries', p.available_in_countries, 'shipping_info', p.shipping_info,
    'rating_avg', p.rating_avg::text, 'rating_count', p.rating_count,
    'vendor', json_build_object(
        'slug', v.slug, 'name', v.name, 'shipping_rates', coalesce(v.shipping_rates, '{{}}')),
    'brand', CASE WHEN b.id IS NOT NULL THEN json_build_object('slug', b.slug, 'name', b.name)
             END,
    'category', json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'path', c.path),
    'variants', (SELECT coalesce(json_agg(json_build_object(
                     'id', x.id, 'sku', x.sku, 'option_name', x.option_name,
                     'option_value', x.option_value, 'translations', x.translations,
                     'price_modifier', x.price_modifier::text, 'stock', x.stock)
                   ORDER BY x.position, x.id), '[]')
                   FROM {ProductVariant._meta.db_table} x
                  WHERE x.product_id = p.id AND x.is_active),
    'images', (SELECT coalesce(json_agg(json_build_object(
                   'id', i.id, 'image', i.image, 'alt', i.alt, 'width', i.width,
                   'height', i.height, 'position', i.position, 'thumbnails', i.thumbnails)
                 ORDER BY i.position, i.id), '[]')
                 FROM {ProductImage._meta.db_table} i
                WHERE i.product_id = p.id)
)::text
  FROM {Product._meta.db_table} p
  JOIN {Vendor._meta.db_table} v ON v.id = p.vendor_id
  JOIN {Category._meta.db_table} c ON c.id = p.category_id
  LEFT JOIN {Brand._meta.db_table} b ON b.id = p.brand_id
 WHERE {" AND ".join(public_conditions())}
"""  # noqa: S608


def _postgres_row(document: str) -> Row:
    row: Row = json.loads(document)
    row["price"] = Decimal(row["price"])
    if row["compare_at_price"] is not None:
        row["compare_at_price"] = Decimal(row["compare_at_price"])
    row["rating_avg"] = Decimal(row["rating_avg"])
    for variant in row["variants"]:
        variant["price_modifier"] = Decimal(variant["price_modifier"])
    return row


def _postgres_rows(condition: str, params: dict[str, Any]) -> list[Row]:
    tenant = require_tenant()
    params = {**params, "tenant": tenant.id}
    with connections[tenant.database_alias].cursor() as cursor:
        cursor.execute(f"{_POSTGRES_ROWS} AND {condition}", params)
        return [_postgres_row(document) for (document,) in cursor.fetchall()]


def product_rows(ids: list[int]) -> list[Row]:
    """The rows of the public products among `ids`, in the order of `ids` (products no
    longer public are left out). One statement on PostgreSQL, three elsewhere."""
    if region_on_postgresql():
        by_id = {row["id"]: row for row in _postgres_rows("p.id = ANY(%(ids)s)", {"ids": ids})}
        return [by_id[pk] for pk in ids if pk in by_id]
    return [row_from_product(p) for p in selectors.products_in_order(ids)]


def product_row(*, slug: str, country: str | None) -> Row | None:
    """The row of the public product with this slug (sold in `country`, when given)."""
    if region_on_postgresql():
        condition, params = "p.slug = %(slug)s", {"slug": slug}
        if country:
            condition += f" AND {sold_in(country)}"
        rows = _postgres_rows(condition, params)
        return rows[0] if rows else None
    product = selectors.public_product(slug=slug, country=country)
    return None if product is None else row_from_product(product)
