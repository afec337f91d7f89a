"""Catalog reads, with related rows loaded once per page (never per product)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from globalmarket.tenancy.db import region_alias, region_on_postgresql
from globalmarket.vendors.models import Vendor

from .cache import cached_response
from .errors import CatalogError
from .listing import count_sql, page_ids_sql
from .models import LIST_ORDERINGS, Category, Product, ProductImage, ProductVariant

ORDERINGS = LIST_ORDERINGS  # each has its list indexes (models._list_indexes)


def category_tree() -> list[dict[str, Any]]:
    """Active categories as nested dicts (children under their parent), one query."""
    categories = list(Category.objects.filter(is_active=True).order_by("path", "position"))
    by_id: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for category in sorted(categories, key=lambda c: (c.path.count("/"), c.position, c.pk)):
        node = {"category": category, "children": []}
        by_id[category.pk] = node
        parent = by_id.get(category.parent_id) if category.parent_id else None
        if parent is not None:
            parent["children"].append(node)
        elif category.parent_id is None:
            roots.append(node)
    return roots


def _with_related(qs: QuerySet[Product]) -> QuerySet[Product]:
    return qs.select_related("vendor", "brand", "category").prefetch_related(
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.filter(is_active=True).order_by("position", "id"),
        ),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
    )


# What public responses (catalog.api.output.product_out) read: loading only these skips
# decoding the back-office JSON columns (attributes, SEO, import source, vendor address...).
PUBLIC_FIELDS = (
    "id", "tenant_id", "slug", "name", "description", "price", "compare_at_price", "currency",
    "track_inventory", "available_in_countries", "shipping_info", "rating_avg", "rating_count",
    "published_at", "status", "vendor__id", "vendor__slug", "vendor__name",
    "vendor__shipping_rates", "vendor__status", "brand__id", "brand__slug", "brand__name",
    "category__id", "category__slug", "category__name", "category__path",
)  # fmt: skip


def category_subtree_ids(slug: str) -> list[int]:
    """An active category and all its subcategories, as ids (cached with the catalog).

    The product queries then need no join to categories and can walk the per-category list
    indexes.
    """

    def build() -> list[int]:
        root_path = Category.objects.filter(slug=slug, is_active=True).values("path")[:1]
        return list(
            Category.objects.filter(path__startswith=Subquery(root_path)).values_list(
                "pk", flat=True
            )
        )

    ids, _ = cached_response("subtree", country="", params={"slug": slug}, build=build)
    return ids  # type: ignore[no-any-return]


def _public_related(qs: QuerySet[Product]) -> QuerySet[Product]:
    return _with_related(qs).only(*PUBLIC_FIELDS)


def _country_filter(qs: QuerySet[Product], country: str) -> QuerySet[Product]:
    if region_on_postgresql():
        return qs.filter(available_in_countries__contains=[country])
    return qs.filter(available_in_countries__icontains=f'"{country}"')


def public_products() -> QuerySet[Product]:
    """What shoppers may see: published products of approved (selling) vendors."""
    return Product.objects.filter(
        status=Product.Status.PUBLISHED, vendor__status=Vendor.Status.APPROVED
    )


@dataclass
class ProductFilters:
    category: str | None = None
    brand: str | None = None
    vendor: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    country: str | None = None
    in_stock: bool | None = None
    on_sale: bool | None = None
    featured: bool | None = None
    ordering: str = "newest"


def product_list(filters: ProductFilters) -> QuerySet[Product]:
    return _with_related(products_matching(filters))


def product_page_ids(filters: ProductFilters, *, offset: int, limit: int) -> list[int]:
    """One page of the ids of the products matching `filters`, in their order: one statement
    on PostgreSQL (catalog.listing), the ORM's `products_matching` elsewhere."""
    if not region_on_postgresql():
        return list(
            products_matching(filters).values_list("pk", flat=True)[offset : offset + limit]
        )
    sql, params = page_ids_sql(
        filters, ordering=ORDERINGS[filters.ordering], offset=offset, limit=limit
    )
    with connections[region_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def product_count(filters: ProductFilters) -> int:
    """How many products match `filters`: one statement on PostgreSQL (catalog.listing,
    constants in its text, ADR 0155), the ORM's `products_matching` elsewhere."""
    if not region_on_postgresql():
        return products_matching(filters).count()
    sql, params = count_sql(filters)
    with connections[region_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


class ProductPageIds:
    """The ids of the products matching `filters` as a sequence that a paginator slices:
    each slice is one `product_page_ids` query; the total is given (it is cached apart)."""

    def __init__(self, filters: ProductFilters, count: int) -> None:
        self.filters = filters
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, page: slice) -> list[int]:
        offset = page.start or 0
        return product_page_ids(self.filters, offset=offset, limit=page.stop - offset)


def products_in_order(ids: list[int]) -> list[Product]:
    """Public products with related rows (3 queries for any number), in the order of `ids`."""
    by_id = {p.pk: p for p in _public_related(public_products().filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def products_matching(
    filters: ProductFilters, *, category: Category | None = None
) -> QuerySet[Product]:
    """Public products matching `filters`, ordered, without related rows: callers that show
    them load what they need (`product_list` for the API, product cards for the storefront).

    A `category` the caller has already loaded is filtered by its path (no lookup);
    otherwise `filters.category` (a slug) by its cached subtree ids.
    """
    qs = public_products()
    if category is not None:
        qs = qs.filter(category__path__startswith=category.path)
    elif filters.category:
        subtree = category_subtree_ids(filters.category)
        if not subtree:
            return qs.none()
        qs = qs.filter(category_id__in=subtree)
    if filters.brand:
        qs = qs.filter(brand__slug=filters.brand)
    if filters.vendor:
        qs = qs.filter(vendor__slug=filters.vendor)
    if filters.min_price is not None:
        qs = qs.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    if filters.country:
        qs = _country_filter(qs, filters.country)
    if filters.in_stock is not None:
        stocked = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True, stock__gt=0)
        condition = Q(track_inventory=False) | Exists(stocked)
        qs = qs.filter(condition) if filters.in_stock else qs.exclude(condition)
    if filters.on_sale is not None:
        sale = Q(compare_at_price__isnull=False, compare_at_price__gt=F("price"))
        qs = qs.filter(sale) if filters.on_sale else qs.exclude(sale)
    if filters.featured is not None:
        qs = qs.filter(is_featured=filters.featured)
    return qs.order_by(*ORDERINGS[filters.ordering])


def public_product(
    *, slug: str, country: str | None = None, full_row: bool = False
) -> Product | None:
    """A public product with its related rows (sold in `country`, when given), or None;
    only the columns the API shows, unless `full_row` (the storefront's product page also
    reads stock thresholds, attributes and the vendor's shipping terms)."""
    qs = public_products().filter(slug=slug)
    if country:
        qs = _country_filter(qs, country)
    return (_with_related(qs) if full_row else _public_related(qs)).first()


def product_detail(*, slug: str, country: str | None = None, full_row: bool = False) -> Product:
    """`public_product`, or NotFound."""
    from globalmarket.core.errors import NotFound

    product = public_product(slug=slug, country=country, full_row=full_row)
    if product is None:
        raise NotFound("Product not found.", code=CatalogError.PRODUCT_NOT_FOUND)
    return product


def vendor_products_matching(
    *, vendor: Vendor, status: str | None = None, q: str = ""
) -> QuerySet[Product]:
    """A vendor's own products (any status), newest change first, without related rows."""
    qs = Product.objects.filter(vendor=vendor)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(sku__icontains=q) | Q(name__icontains=q) | Q(slug__icontains=q))
    return qs.order_by("-updated_at", "-id")


def vendor_products(*, vendor: Vendor, status: str | None = None) -> QuerySet[Product]:
    return _with_related(vendor_products_matching(vendor=vendor, status=status))


def category_by_slug(slug: str, *, active_only: bool = True) -> Category:
    """A category by slug (an active one unless `active_only` is False), or NotFound."""
    categories = Category.objects.filter(slug=slug)
    if active_only:
        categories = categories.filter(is_active=True)
    category = categories.select_related("parent").first()
    if category is None:
        from globalmarket.core.errors import NotFound

        raise NotFound("Category not found.", code=CatalogError.CATEGORY_NOT_FOUND)
    return category


def category_children(category: Category) -> list[Category]:
    return list(Category.objects.filter(parent=category, is_active=True))


def category_ancestors(category: Category) -> list[Category]:
    """The categories above `category`, top first, read from its path in one query."""
    ids = [int(part) for part in category.path.strip("/").split("/") if part][:-1]
    by_id = {c.id: c for c in Category.objects.filter(id__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def moderation_queue(*, status: str = Product.Status.PENDING_REVIEW) -> QuerySet[Product]:
    return _with_related(Product.objects.filter(status=status).order_by("updated_at", "id"))
