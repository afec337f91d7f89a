"""Import the seed's product document (TECHNICAL_ARCHITECTURE.md section 4.2).

The document is printed as JavaScript with `//` comments; this importer takes it as JSON
with the same keys, and also tolerates those comments. Numbers are read as Decimal (never
float). Image URLs cannot be fetched here: they are recorded on the product
(`source.image_urls`) and reported as warnings.
"""

import json
import re
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.models import Vendor

from .. import inputs, services
from ..errors import CatalogError
from ..models import Category, Product

# A string literal, or a // comment up to the end of the line.
_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*')


def strip_comments(text: str) -> str:
    return _TOKEN.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)


def parse(text: str | bytes) -> list[dict[str, Any]]:
    """One document or a list of them; numbers as Decimal."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    try:
        data = json.loads(strip_comments(text), parse_float=Decimal)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise inputs.invalid("document", "parse_error", f"Not valid JSON: {exc}") from exc
    documents = data if isinstance(data, list) else [data]
    if not documents or not all(isinstance(d, dict) for d in documents):
        raise inputs.invalid("document", "invalid", "Give a product object or a list of them.")
    return documents


def find_category(value: Any) -> Category | None:
    """`cat_electronics_audio` → category `electronics-audio`, else `audio`, else by slug."""
    if not isinstance(value, str) or not value:
        return None
    candidates = [value, slugify(value.removeprefix("cat_").replace("_", "-"))]
    candidates.append(candidates[-1].rsplit("-", 1)[-1])
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=candidates)}
    return next((by_slug[c] for c in candidates if c in by_slug), None)


def to_product_data(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(vendor-API product data, source record, warnings) for one seed document."""
    tenant = require_tenant()
    warnings: list[str] = []
    currency = doc.get("currency", tenant.default_currency)
    if currency != tenant.default_currency:
        raise inputs.invalid(
            "currency", "invalid", f"This region sells in {tenant.default_currency}."
        )
    category = find_category(doc.get("category_id"))
    if category is None:
        raise inputs.invalid("category_id", CatalogError.UNKNOWN_CATEGORY, "No such category.")
    data: dict[str, Any] = {
        key: doc[key]
        for key in (
            "sku",
            "slug",
            "name",
            "description",
            "price",
            "compare_at_price",
            "cost_price",
            "low_stock_threshold",
            "track_inventory",
            "available_in_countries",
            "shipping_info",
            "is_featured",
        )
        if key in doc
    }
    data["category"] = category.pk
    if doc.get("brand"):
        data["brand"] = services.brand_get_or_create(name=str(doc["brand"])).slug
    seo = doc.get("seo")
    if isinstance(seo, dict) and seo:
        # The seed's seo block is not per language: it describes the default language.
        per_language = all(k in tenant.languages for k in seo)
        data["seo"] = seo if per_language else {tenant.default_language: seo}
    variants = doc.get("variants") or []
    if isinstance(variants, list) and variants:
        data["variants"] = [
            {k: v[k] for k in ("sku", "name", "value", "price_modifier", "stock") if k in v}
            if isinstance(v, dict)
            else v
            for v in variants
        ]
    elif "stock_quantity" in doc:
        data["stock"] = doc["stock_quantity"]
    images = [i for i in doc.get("images") or [] if isinstance(i, dict) and i.get("url")]
    for image in images:
        warnings.append(f"Image {image['url']} was not downloaded (no network); recorded only.")
    source = {
        "format": "seed-json",
        "id": str(doc.get("id", "")),
        "variant_ids": [str(v.get("id", "")) for v in variants if isinstance(v, dict)],
        "image_urls": [
            {"url": str(i["url"]), "alt": i.get("alt", ""), "position": i.get("position", 0)}
            for i in images
        ],
    }
    return data, source, warnings


def _metrics(product: Product, doc: dict[str, Any]) -> None:
    metrics = doc.get("metrics")
    if not isinstance(metrics, dict):
        return
    currency = product.currency
    try:
        product.views = inputs.whole_number(metrics.get("views", 0), field="metrics.views")
        product.sales_count = inputs.whole_number(metrics.get("sales", 0), field="metrics.sales")
        product.revenue = inputs.amount(
            metrics.get("revenue", 0), field="metrics.revenue", currency=currency
        )
        rating = Decimal(str(metrics.get("rating_avg", 0)))
        if not Decimal(0) <= rating <= Decimal(5):
            raise inputs.invalid("metrics.rating_avg", "invalid", "Between 0 and 5.")
        product.rating_avg = rating.quantize(Decimal("0.01"))
        product.rating_count = inputs.whole_number(
            metrics.get("rating_count", 0), field="metrics.rating_count"
        )
    except ArithmeticError as exc:
        raise inputs.invalid("metrics", "invalid", "Numbers only.") from exc
    product.save(update_fields=["views", "sales_count", "revenue", "rating_avg", "rating_count"])


def import_documents(
    *, vendor: Vendor, documents: list[dict[str, Any]], actor: Any = None
) -> dict[str, Any]:
    """Create every document's product, or none of them (the first error is reported)."""
    created: list[Product] = []
    warnings: list[str] = []
    with atomic():
        for index, doc in enumerate(documents):
            try:
                data, source, doc_warnings = to_product_data(doc)
                product = services.product_create(
                    vendor=vendor, data=data, actor=actor, source=source
                )
                _metrics(product, doc)
                status = doc.get("status", "draft")
                if status == Product.Status.PUBLISHED:
                    services.product_publish(product=product, actor=actor)
                elif status == Product.Status.ARCHIVED:
                    services.product_archive(product=product, actor=actor)
            except ApplicationError as exc:
                if len(documents) > 1:
                    exc.fields = {f"{index}.{k}": v for k, v in exc.fields.items()}
                raise
            created.append(product)
            warnings.extend(doc_warnings)
    return {
        "created": [{"id": p.pk, "slug": p.slug, "status": p.status} for p in created],
        "warnings": warnings,
    }
