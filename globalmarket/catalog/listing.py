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
present (and on the country: below), so with prepared statements (DB_PREPARE_THRESHOLD)
each shape is planned once per connection.

Constants are written into the statement, not passed as parameters: the statuses, and the
country (one of the region's; a handful of shapes). Once psycopg prepares a statement,
PostgreSQL may switch to a generic plan, built without the parameters' values; it then
guesses 1 % for `available_in_countries @> $n` (a country nearly every product is sold
in) and ANDs the country GIN index into every category walk, and takes a status compared
with `$n` for a rare one. On 100,000 products that plan read every product's GIN entry per
page: 25-140 ms instead of 1-5 ms, and the benchmark's list p95 went from 120 ms to
1,100 ms (ADR 0155). With the constants in the text the generic plan is the custom one.
"""

import re
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


def _word(value: str) -> str:
    """`value`, checked to be safe inside an SQL string literal: the constants written into
    statements (statuses, a region's country codes) are letters, digits and underscores."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", value):
        raise ValueError(f"not a constant: {value!r}")
    return value


def constant(value: str) -> str:
    """`value` as an SQL string literal."""
    return f"'{_word(value)}'"


def public_conditions() -> list[str]:
    """A public product (p) of an approved vendor (v) of the current region (%(tenant)s)."""
    return [
        "p.tenant_id = %(tenant)s",
        f"p.status = {constant(Product.Status.PUBLISHED)}",
        f"v.status = {constant(Vendor.Status.APPROVED)}",
    ]


def sold_in(country: str) -> str:
    """The condition "p is sold in `country`", with the country in the text (see above)."""
    return f"p.available_in_countries @> '[\"{_word(country)}\"]'::jsonb"


def _conditions(filters: "ProductFilters", params: dict[str, Any]) -> list[str]:
    """The WHERE conditions of `selectors.products_matching`, but the category's."""
    where = public_conditions()
    params["tenant"] = require_tenant().id
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
        where.append(sold_in(filters.country))
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


def _subtree(categories: str) -> str:
    """The categories (c) of the active category with slug %(category)s and its subtree."""
    return (
        f"{categories} root JOIN {categories} c"
        " ON c.tenant_id = root.tenant_id AND starts_with(c.path, root.path)"
    )


_ROOT = "root.tenant_id = %(tenant)s AND root.slug = %(category)s AND root.is_active"


def count_sql(filters: "ProductFilters") -> tuple[str, dict[str, Any]]:
    """The statement and parameters counting the products matching `filters` (the category's
    subtree selected in the same statement, as for a page)."""
    params: dict[str, Any] = {}
    where = " AND ".join(_conditions(filters, params))
    source = f"{Product._meta.db_table} p JOIN {Vendor._meta.db_table} v ON v.id = p.vendor_id"
    if not filters.category:
        return f"SELECT count(*) FROM {source} WHERE {where}", params
    params["category"] = filters.category
    sql = (
        f"SELECT count(*) FROM {_subtree(Category._meta.db_table)}"
        f" JOIN {source} ON p.category_id = c.id WHERE {where} AND {_ROOT}"
    )
    return sql, params


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
    params.update(category=filters.category, walk=offset + limit)
    picked = ", ".join(f"p.{f.lstrip('-')}" for f in ordering if f.lstrip("-") != "id")
    sql = (
        f"SELECT q.id FROM {_subtree(Category._meta.db_table)},"
        f" LATERAL (SELECT p.id, {picked} {source} WHERE {where} AND p.category_id = c.id"
        f" ORDER BY {order} LIMIT %(walk)s) q"
        f" WHERE {_ROOT}"
        f" ORDER BY {_order_by(ordering, 'q')}"
        " LIMIT %(limit)s OFFSET %(offset)s"
    )
    return sql, params
