"""Reads: run a search or a suggestion, and turn product ids into what shoppers see."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import translation

from globalmarket.catalog.cache import catalog_version
from globalmarket.catalog.i18n import translated
from globalmarket.catalog.models import Brand, Category, Product, ProductImage
from globalmarket.catalog.selectors import public_products
from globalmarket.core.errors import ApplicationError, CoreError, field_error
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.vendors.models import Vendor

from .backends import Filters, SearchResults, get_backend
from .errors import SearchError
from .normalize import normalize

CATEGORY_CACHE_SECONDS = 300


def search_language() -> str:
    """The request's language if the region offers it, else the region's default."""
    tenant = require_tenant()
    language = (translation.get_language() or "").split("-")[0]
    return language if language in tenant.languages else tenant.default_language


COUNTRY_COOKIE = "gm_country"  # set by the storefront's country picker


def cookie_country(request: Any) -> str | None:
    """The storefront's remembered country, if it is one of the region's (else None)."""
    value = (request.COOKIES.get(COUNTRY_COOKIE) or "").upper()
    return value if value in require_tenant().countries else None


def shopper_country(country: str | None) -> str:
    tenant = require_tenant()
    if not country:
        return str(tenant.countries[0])
    country = country.upper()
    if country not in tenant.countries:
        raise ApplicationError(
            SearchError.INVALID_COUNTRY,
            "This region does not deliver to that country.",
            fields=field_error("country", SearchError.INVALID_COUNTRY, "Not sold here."),
        )
    return country


def _resolve(model: Any, value: str | None, field: str) -> Any:
    """An object by id or slug, or a 400 with a field code (unknown filters are input errors)."""
    if not value:
        return None
    lookup: dict[str, Any] = (
        {"id": int(value)}
        if value.isascii() and value.isdigit() and len(value) < 18
        else {"slug": value}
    )
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise ApplicationError(
            CoreError.INVALID,
            "Invalid filter.",
            fields=field_error(field, "does_not_exist", f"Unknown {field}."),
        )
    return obj


def build_filters(data: dict[str, Any]) -> Filters:
    category = _resolve(Category, data.get("category"), "category")
    brand = _resolve(Brand, data.get("brand"), "brand")
    vendor = _resolve(Vendor, data.get("vendor"), "vendor")
    return Filters(
        category_path=(category.path or f"/{category.id}/") if category else None,
        brand=brand.id if brand else None,
        vendor=vendor.id if vendor else None,
        min_price=data.get("min_price"),
        max_price=data.get("max_price"),
        in_stock=bool(data.get("in_stock")),
        on_sale=bool(data.get("on_sale")),
        rating_min=data.get("rating_min"),
    )


@dataclass
class SearchPage:
    results: SearchResults
    products: list[Product]
    page: int
    page_size: int
    language: str
    country: str

    @property
    def last_page(self) -> int:
        return max(1, -(-self.results.total // self.page_size))

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.last_page else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None


def product_search(*, query: str, data: dict[str, Any], sort: str, page: int,
                   page_size: int, country: str | None) -> SearchPage:  # fmt: skip
    language = search_language()
    shopper = shopper_country(country)
    results = get_backend().search(
        query=query, filters=build_filters(data), sort=sort, page=page, page_size=page_size,
        language=language, country=shopper,
    )  # fmt: skip
    return SearchPage(results, hydrate(results.product_ids), page, page_size, language, shopper)


def hydrate(product_ids: list[int]) -> list[Product]:
    """Products in the given order; anything no longer visible is dropped (stale index)."""
    if not product_ids:
        return []
    images = ProductImage.objects.order_by("position", "id")
    rows = (
        public_products()
        .filter(id__in=product_ids)
        .order_by()
        .select_related("vendor", "brand", "category")
        .prefetch_related(Prefetch("images", queryset=images))
    )
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in product_ids if i in by_id]


def product_card(product: Product, language: str) -> dict[str, Any]:
    """The catalog list's product fields."""
    currency = product.currency
    images = list(product.images.all())
    thumbnail = None
    if images:
        image = images[0]
        small = (image.thumbnails or {}).get("small")
        thumbnail = image.image.storage.url(small) if small else image.image.url
    return {
        "id": product.id,
        "slug": product.slug,
        "name": translated(product.name, language),
        "price": str(quantize(product.price, currency)),
        "compare_at_price": (
            str(quantize(product.compare_at_price, currency)) if product.compare_at_price is not None else None
        ),
        "currency": currency,
        "vendor": {"id": product.vendor.id, "slug": product.vendor.slug, "name": product.vendor.name},
        "brand": (
            {"id": product.brand.id, "slug": product.brand.slug, "name": product.brand.name}
            if product.brand else None
        ),
        "category": {
            "id": product.category.id, "slug": product.category.slug,
            "name": translated(product.category.name, language),
        },
        "image": thumbnail,
        "rating": {"average": str(product.rating_avg), "count": product.rating_count},
    }  # fmt: skip


def _category_names(language: str) -> list[tuple[int, str, str, str]]:
    """(id, slug, display name, normalised name) of active categories, cached per region
    under the catalog version (a renamed or deactivated category shows at once)."""
    key = f"search:categories:{language}:{catalog_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = []
        for c in Category.objects.filter(is_active=True).only("id", "slug", "name"):
            name = translated(c.name, language)
            cached.append((c.id, c.slug, name, normalize(name)))
        cache.set(key, cached, CATEGORY_CACHE_SECONDS)
    return list(cached)


def suggest(*, prefix: str, country: str | None, limit: int = 5) -> dict[str, Any]:
    language = search_language()
    shopper = shopper_country(country)
    ids = (
        get_backend()
        .suggest(prefix=prefix, language=language, country=shopper, limit=limit)
        .product_ids
    )
    products = []
    if ids:
        by_id = {
            p.id: p
            for p in public_products().filter(id__in=ids).order_by().only("id", "slug", "name")
        }
        products = [
            {"id": i, "slug": by_id[i].slug, "name": translated(by_id[i].name, language)}
            for i in ids if i in by_id
        ]  # fmt: skip
    wanted = normalize(prefix.strip()[:100])
    categories = []
    if wanted:
        for cid, slug, name, norm in _category_names(language):
            if norm.startswith(wanted) or f" {wanted}" in f" {norm}":
                categories.append({"id": cid, "slug": slug, "name": name})
                if len(categories) == limit:
                    break
    return {"products": products, "categories": categories}
