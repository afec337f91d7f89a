"""Import Shopify's product CSV export.

Rows with the same Handle are one product: the first row carries the product's fields,
every row with a Variant SKU or option value is a variant, rows with only an Image Src
add an image. Every row is validated first; errors are reported per row (the CSV line
number, header = 1) and column. A file with errors imports nothing, unless `valid_only`
is asked for: then every product whose rows are all valid is imported and the rest is
reported. Image Src URLs are not fetched (no network): they are recorded on the product
with a warning per row.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.models import Vendor

from .. import inputs, services
from ..errors import CatalogError
from ..models import Category

REQUIRED_COLUMNS = ("Handle", "Title", "Variant Price")
MAX_ROWS = 20_000
# Service field → CSV column, to report a product-level error against the right column.
FIELD_COLUMNS = {
    "sku": "Variant SKU",
    "slug": "Handle",
    "name": "Title",
    "description": "Body (HTML)",
    "price": "Variant Price",
    "compare_at_price": "Variant Compare At Price",
    "cost_price": "Cost per item",
    "category": "Type",
    "brand": "Vendor",
    "seo": "SEO Title",
    "variants": "Variant SKU",
    "stock": "Variant Inventory Qty",
}


@dataclass
class ProductRows:
    handle: str
    first_row: int
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)
    publish: bool = False


def _error(row: int, column: str, code: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "code": str(code), "message": message}


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"true", "yes", "1", "active"}


def _category(value: str, default: Category | None) -> Category | None:
    if value.strip():
        slug = slugify(value.split(">")[-1].strip())
        found = Category.objects.filter(slug=slug).first()
        if found is not None:
            return found
        lowered = value.split(">")[-1].strip().lower()
        for category in Category.objects.all():
            if any(str(n).lower() == lowered for n in category.name.values()):
                return category
        return None
    return default


def read_rows(content: bytes | str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise inputs.invalid("file", "invalid_encoding", "The file must be UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise inputs.invalid(
                "file", "missing_columns", f"Missing columns: {', '.join(missing)}."
            )
        reader.fieldnames = header
        rows: list[tuple[int, dict[str, str]]] = []
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise inputs.invalid("file", "too_many_rows", f"At most {MAX_ROWS} rows per file.")
            line = reader.line_num
            if None in record:
                rows.append((line, {"__extra__": "1"}))
                continue
            rows.append((line, {k: (v or "").strip() for k, v in record.items()}))
    except csv.Error as exc:
        raise inputs.invalid("file", "parse_error", f"Not a valid CSV file: {exc}") from exc
    return header, rows


def _amount(
    row: int,
    record: dict[str, str],
    column: str,
    currency: str,
    errors: list[dict[str, Any]],
    required: bool = False,
) -> Decimal | None:
    value = record.get(column, "")
    if not value:
        if required:
            errors.append(_error(row, column, "required", "This column is required."))
        return None
    try:
        return inputs.amount(value, field=column, currency=currency)
    except ApplicationError as exc:
        first = next(iter(exc.fields.values()))[0]
        errors.append(_error(row, column, first["code"], first["message"]))
        return None


def group_products(
    rows: list[tuple[int, dict[str, str]]], *, default_category: Category | None
) -> list[ProductRows]:
    tenant = require_tenant()
    currency = tenant.default_currency
    language = tenant.default_language
    products: dict[str, ProductRows] = {}
    for line, record in rows:
        if "__extra__" in record:
            group = ProductRows(handle=f"__line{line}", first_row=line)
            group.errors.append(
                _error(line, "*", "invalid", "The row has more cells than the header.")
            )
            products[group.handle] = group
            continue
        handle = record.get("Handle", "")
        if not handle:
            group = ProductRows(handle=f"__line{line}", first_row=line)
            group.errors.append(_error(line, "Handle", "required", "Every row needs a Handle."))
            products[group.handle] = group
            continue
        group = products.setdefault(handle, ProductRows(handle=handle, first_row=line))
        group.rows.append((line, record))
    for group in products.values():
        if group.errors:
            continue
        _build(group, currency=currency, language=language, default_category=default_category)
    return list(products.values())


def _build(
    group: ProductRows, *, currency: str, language: str, default_category: Category | None
) -> None:
    first_line, first = group.rows[0]
    errors = group.errors
    if not first.get("Title"):
        errors.append(
            _error(first_line, "Title", "required", "The first row of a product needs a Title.")
        )
    category = _category(first.get("Type", ""), default_category)
    if category is None:
        errors.append(
            _error(
                first_line,
                "Type",
                CatalogError.UNKNOWN_CATEGORY,
                "No category matches this Type (give a default category).",
            )
        )
    variants: list[dict[str, Any]] = []
    prices: list[Decimal] = []
    images: list[dict[str, Any]] = []
    compare_at = cost = None
    for line, record in group.rows:
        if record.get("Image Src"):
            images.append(
                {
                    "url": record["Image Src"],
                    "alt": record.get("Image Alt Text", ""),
                    "position": record.get("Image Position", ""),
                }
            )
            group.warnings.append(
                _error(
                    line,
                    "Image Src",
                    "not_downloaded",
                    "Image URLs are recorded, not downloaded (no network).",
                )
            )
        is_variant = bool(
            record.get("Variant SKU") or record.get("Variant Price") or record.get("Option1 Value")
        )
        if not is_variant:
            continue
        price = _amount(line, record, "Variant Price", currency, errors, required=True)
        row_compare = _amount(line, record, "Variant Compare At Price", currency, errors)
        row_cost = _amount(line, record, "Cost per item", currency, errors)
        compare_at = compare_at if compare_at is not None else row_compare
        cost = cost if cost is not None else row_cost
        qty_text = record.get("Variant Inventory Qty", "") or "0"
        try:
            qty = int(qty_text)
        except ValueError:
            errors.append(_error(line, "Variant Inventory Qty", "invalid", "A whole number."))
            qty = 0
        if qty < 0:
            errors.append(
                _error(
                    line,
                    "Variant Inventory Qty",
                    CatalogError.NEGATIVE_STOCK,
                    "Must not be negative.",
                )
            )
        sku = record.get("Variant SKU") or f"{group.handle}-{len(variants) + 1}"[:64]
        if len(sku) > 64:
            errors.append(_error(line, "Variant SKU", "invalid", "At most 64 characters."))
        if price is not None:
            prices.append(price)
        variants.append(
            {
                "line": line,
                "sku": sku,
                "name": first.get("Option1 Name", "") if record.get("Option1 Value") else "",
                "value": record.get("Option1 Value", ""),
                "price": price,
                "stock": max(qty, 0),
            }
        )
    if not variants:
        errors.append(
            _error(
                first_line, "Variant Price", "required", "A product needs at least one variant row."
            )
        )
    skus = [v["sku"] for v in variants]
    for variant in variants:
        if skus.count(variant["sku"]) > 1:
            errors.append(
                _error(
                    variant["line"],
                    "Variant SKU",
                    CatalogError.DUPLICATE_SKU,
                    "The SKU appears twice.",
                )
            )
    if errors:
        return
    base = min(prices)
    single_default = len(variants) == 1 and variants[0]["value"] in ("", "Default Title")
    seo = {
        k: v
        for k, v in {
            "meta_title": first.get("SEO Title", ""),
            "meta_description": first.get("SEO Description", ""),
        }.items()
        if v
    }
    tags = [t.strip() for t in first.get("Tags", "").split(",") if t.strip()]
    group.data = {
        "sku": (variants[0]["sku"] if single_default else group.handle)[:64],
        "slug": slugify(group.handle)[:160] or None,
        "name": {language: first.get("Title", "")},
        "description": {language: first.get("Body (HTML)", "")},
        "category": category.pk if category else None,
        "price": str(base),
        "compare_at_price": str(compare_at) if compare_at is not None else None,
        "cost_price": str(cost) if cost is not None else None,
        "attributes": {"tags": tags} if tags else {},
        "seo": {language: {**seo, "keywords": tags}} if seo or tags else {},
    }
    if first.get("Vendor"):
        group.data["brand"] = first["Vendor"]  # resolved to a brand slug on import
    if single_default:
        group.data["stock"] = variants[0]["stock"]
    else:
        group.data["variants"] = [
            {
                "sku": v["sku"],
                "name": v["name"],
                "value": v["value"],
                "stock": v["stock"],
                "price_modifier": str(v["price"] - base),
            }
            for v in variants
        ]
    group.publish = (
        _truthy(first.get("Published", "")) or first.get("Status", "").lower() == "active"
    )
    group.source = {"format": "shopify-csv", "id": group.handle, "image_urls": images}


def _check(group: ProductRows, vendor: Vendor, seen_skus: set[str]) -> None:
    """Run the product services' validation (dry run) and map errors to row and column."""
    data = dict(group.data)
    data.pop("brand", None)
    for sku in [data["sku"], *(v["sku"] for v in data.get("variants", []))]:
        if sku in seen_skus:
            group.errors.append(
                _error(
                    group.first_row,
                    "Variant SKU",
                    CatalogError.DUPLICATE_SKU,
                    f"SKU {sku} appears in another product of this file.",
                )
            )
        seen_skus.add(sku)
    try:
        services.product_prepare(vendor=vendor, data=data)
    except ApplicationError as exc:
        for name, errors in exc.fields.items():
            head = name.split(".")[0]
            column = FIELD_COLUMNS.get(head, name)
            for err in errors:
                group.errors.append(_error(group.first_row, column, err["code"], err["message"]))


def import_csv(
    *,
    vendor: Vendor,
    content: bytes | str,
    valid_only: bool = False,
    actor: Any = None,
    default_category: Category | None = None,
    progress: Callable[[Iterable[ProductRows]], Iterable[ProductRows]] = lambda x: x,
) -> dict[str, Any]:
    _, rows = read_rows(content)
    groups = group_products(rows, default_category=default_category)
    seen: set[str] = set()
    for group in groups:
        if not group.errors:
            _check(group, vendor, seen)
    errors = sorted((e for g in groups for e in g.errors), key=lambda e: (e["row"], e["column"]))
    warnings = [w for g in groups for w in g.warnings]
    if errors and not valid_only:
        fields: dict[str, list[dict[str, str]]] = {}
        for e in errors:
            fields.setdefault(f"rows.{e['row']}.{e['column']}", []).append(
                {"code": e["code"], "message": e["message"]}
            )
        raise ApplicationError(
            CatalogError.INVALID_IMPORT,
            f"{len(errors)} error(s) in the file; nothing was imported.",
            fields=fields,
            extra={"rows": errors},
        )
    created = []
    with atomic():
        for group in progress([g for g in groups if not g.errors]):
            data = dict(group.data)
            if data.get("brand"):
                data["brand"] = services.brand_get_or_create(name=data["brand"]).slug
            product = services.product_create(
                vendor=vendor, data=data, actor=actor, source=group.source
            )
            if group.publish:
                services.product_publish(product=product, actor=actor)
            created.append(
                {
                    "id": product.pk,
                    "slug": product.slug,
                    "status": product.status,
                    "row": group.first_row,
                }
            )
    return {"created": created, "skipped": errors, "warnings": warnings}
