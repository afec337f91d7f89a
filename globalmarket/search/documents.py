"""Build index documents from catalog rows (shared by both backends)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from globalmarket.catalog.i18n import translated
from globalmarket.catalog.models import Category, Product, ProductVariant
from globalmarket.catalog.selectors import public_products
from globalmarket.tenancy.context import require_tenant

from .models import SearchDocument
from .normalize import normalize, strip_html, tokens, ts_config


@dataclass
class Texts:
    """A document's normalised text by weight, but the name (A), which the document row
    keeps as `name_text`. Only the engines' text structures keep it (the PostgreSQL vectors,
    the SQLite FTS5 table)."""

    b: str  # category, variant names/values, attributes (language config)
    simple: str  # brand, SKUs (`simple` config: no stemming)
    c: str  # description without HTML


@dataclass
class Built:
    doc: SearchDocument
    texts: Texts
    terms: set[str]


def products_for_indexing(product_ids: Iterable[int]) -> QuerySet[Product]:
    variants = ProductVariant.objects.filter(is_active=True).order_by("position", "id")
    return (
        public_products()
        .filter(id__in=list(product_ids))
        .select_related("vendor", "brand", "category")
        .prefetch_related(Prefetch("variants", queryset=variants))
    )


def category_names(categories: dict[int, Category], category: Category,
                   language: str) -> list[str]:  # fmt: skip
    """The category's name and its ancestors' names (a search for "audio" finds headphones)."""
    names = [translated(category.name, language)]
    for part in category.path.strip("/").split("/"):
        if part.isdigit() and int(part) != category.id and int(part) in categories:
            names.append(translated(categories[int(part)].name, language))
    return names


def build_documents(products: Iterable[Product], categories: dict[int, Category]) -> list[Built]:
    tenant = require_tenant()
    default = tenant.default_language
    out: list[Built] = []
    for product in products:
        variants = list(product.variants.all())
        brand = product.brand.name if product.brand else ""
        skus = [product.sku, *(v.sku for v in variants)]
        countries = "|" + "|".join(str(c).upper() for c in product.available_in_countries) + "|"
        on_sale = product.compare_at_price is not None and product.compare_at_price > product.price
        attributes = [str(x) for kv in (product.attributes or {}).items() for x in kv]
        for language in tenant.languages:
            name = translated(product.name, language)
            cat_names = category_names(categories, product.category, language)
            variant_words: list[str] = []
            for v in variants:
                tr = (
                    (v.translations or {}).get(language)
                    or (v.translations or {}).get(default)
                    or {}
                )
                variant_words += [
                    tr.get("name") or v.option_name,
                    tr.get("value") or v.option_value,
                ]
            doc = SearchDocument(
                tenant_id=tenant.id,
                product_id=product.id,
                language=language,
                ts_config=ts_config(language),
                name_text=normalize(name),
                vendor_id=product.vendor_id,
                vendor_name=product.vendor.name,
                brand_id=product.brand_id,
                brand_name=brand,
                category_id=product.category_id,
                category_name=cat_names[0],
                category_path=product.category.path or f"/{product.category_id}/",
                countries=countries[:400],
                price=product.price,
                on_sale=on_sale,
                rating_avg=product.rating_avg or Decimal(0),
                published_at=product.published_at,
            )
            words = tokens(f"{name} {brand} {cat_names[0]}")
            # Words only: model numbers and codes ("x1234") would swamp the vocabulary.
            terms = {t for t in words if 3 <= len(t) <= 64 and not any(c.isdigit() for c in t)}
            texts = Texts(
                b=normalize(" ".join([*cat_names, *variant_words, *attributes])),
                simple=normalize(" ".join([brand, *skus])),
                c=normalize(strip_html(translated(product.description, language)))[:20000],
            )
            out.append(Built(doc, texts, terms))
    return out
