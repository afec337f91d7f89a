# ruff: noqa: S608 (only table and column names are formatted into the SQL; values are parameters)
"""One page of the public product list as a single PostgreSQL statement.

`selectors.products_matching` builds the same list with the ORM (for counts, the storefront
and other databases). For the API's pages on PostgreSQL, the ORM's work (building the
filters, compiling the SQL: 2.5 ms of CPU per page, 5 ms for a category with subcategories)
cost more than PostgreSQL's, so the page's ids come from this statement instead; the tests
compare both over every filter and ordering (ADR 0152).

A category filter walks each category of the subtree separately (LATERAL over them):
each walk uses that category's list index (product_cat_*) for at most `offset + limit` rows,
and only those are merged. Walking a global ordering index instead reads every product of
every other category on the way (page 20 of a root category holding a tenth of 100,000
products read 4,000 rows, 40-50 ms). The statement text depends only on which filters are
present, so with prepared statements (DB_PREPARE_THRESHOLD) each shape is planned once per
connection.
"""

import json
from typing import TYPE_CHECKING, Any

from globalmarket.tenancy.context import require_tenant
from globalmarket.vendors.models import Vendor

from .models import Brand, Category, Product, ProductVariant

if TYPE_CHECKING:
    from .selectors import ProductFilters


def _order_by(fields: list[str], table: str) -> str:
    """An ORM ordering (["-price", "-id"]) as SQL on `table`'s columns."""
    return ", ".join(
        f"{table}.{field.lstrip('-')}{' DESC' if field.startswith('-') else ''}" for field in fields
    )


def _conditions(filters: "ProductFilters", params: dict[str, Any]) -> list[str]:
    """The WHERE conditions of `selectors.products_matching`, but the category's."""
    where = ["p.tenant_id = %(tenant)s", "p.status = %(published)s", "v.status = %(approved)s"]
    params.update(
        tenant=require_tenant().id,
        published=Product.Status.PUBLISHED,
        approved=Vendor.Status.APPROVED,
    )
    if filters.brand:
        brand = Brand._meta.db_table
        where.append(f"p.brand_id IN (SELECT id FROM {brand} WHERE slug = %(brand)s)")
        params["brand"] = filters.brand
    if filters.vendor:
        where.append("v.slug = %(vendor)s")
        params["vendor"] = filters.vendor
    if filters.min_price is not None:
        where.append("p.price >= %(min_price)s")
        params["min_price"] = filters.min_price
    if filters.max_price is not None:
        where.append("p.price <= %(max_price)s")
        params["max_price"] = filters.max_price
    if filters.country:
        where.append("p.available_in_countries @> %(country)s::jsonb")
        params["country"] = json.dumps([filters.country])
    if filters.in_stock is not None:
        variants = ProductVariant._meta.db_table
        stocked = (
            f"(NOT p.track_inventory OR EXISTS (SELECT 1 FROM {variants} x"
            " WHERE x.product_id = p.id AND x.is_active AND x.stock > 0))"
        )
        where.append(stocked if filters.in_stock else f"NOT {stocked}")
    if filters.on_sale is not None:
        sale = "(p.compare_at_price IS NOT NULL AND p.compare_at_price > p.price)"
        where.append(sale if filters.on_sale else f"NOT {sale}")
    if filters.featured is not None:
        where.append("p.is_featured = %(featured)s")
        params["featured"] = filters.featured
    return where


def page_ids_sql(
    filters: "ProductFilters", *, ordering: list[str], offset: int, limit: int
) -> tuple[str, dict[str, Any]]:
    """The statement and parameters for one page; `ordering`: selectors.ORDERINGS' fields.

    A category filter selects the active category of that slug and every category under it
    (as `selectors.category_subtree_ids`, in the same statement: no separate look-up)."""
    params: dict[str, Any] = {"offset": offset, "limit": limit}
    where = " AND ".join(_conditions(filters, params))
    source = f"FROM {Product._meta.db_table} p JOIN {Vendor._meta.db_table} v ON v.id = p.vendor_id"
    order = _order_by(ordering, "p")
    if not filters.category:
        sql = (
            f"SELECT p.id {source} WHERE {where} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"
        )
        return sql, params
    categories = Category._meta.db_table
    params.update(category=filters.category, walk=offset + limit)
    picked = ", ".join(f"p.{f.lstrip('-')}" for f in ordering if f.lstrip("-") != "id")
    sql = (
        f"SELECT q.id FROM {categories} root JOIN {categories} c"
        " ON c.tenant_id = root.tenant_id AND starts_with(c.path, root.path),"
        f" LATERAL (SELECT p.id, {picked} {source} WHERE {where} AND p.category_id = c.id"
        f" ORDER BY {order} LIMIT %(walk)s) q"
        " WHERE root.tenant_id = %(tenant)s AND root.slug = %(category)s AND root.is_active"
        f" ORDER BY {_order_by(ordering, 'q')}"
        " LIMIT %(limit)s OFFSET %(offset)s"
    )
    return sql, params
    params.update(categories=categories, walk=offset + limit)
    picked = ", ".join(f"p.{f.lstrip('-')}" for f in ordering if f.lstrip("-") != "id")
    sql = (
        f"SELECT q.id FROM unnest(%(categories)s::bigint[]) AS c(id), LATERAL ("
        f"SELECT p.id, {picked} {source} WHERE {where} AND p.category_id = c.id"
        f" ORDER BY {order} LIMIT %(walk)s) q"
        f" ORDER BY {_order_by(ordering, 'q')}"
        " LIMIT %(limit)s OFFSET %(offset)s"
    )
    return sql, params
