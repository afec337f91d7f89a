"""Catalog writes: categories, brands, products with all translations at once, variants, stock.

Every service validates all its input before it writes, runs in one region transaction and
tells the response cache that the catalog changed. Images live in `services_images.py`.
"""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.text import slugify

from globalmarket.audit.services import changes
from globalmarket.core.errors import Conflict, FieldErrors, field_error
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.models import Tenant
from globalmarket.vendors.models import Vendor

from . import audit, inputs
from .cache import catalog_changed
from .errors import CatalogError
from .models import Brand, Category, Product, ProductVariant


def _reindex(product_ids: Any) -> None:
    """Have search rebuild these products' documents after commit (inside the transaction)."""
    from globalmarket.search.services import mark_dirty

    mark_dirty(product_ids)


# ---------------------------------------------------------------- categories and brands


def category_create(
    *,
    slug: str,
    name: dict[str, str],
    parent: Category | None = None,
    slugs: dict[str, str] | None = None,
    description: dict[str, str] | None = None,
    position: int = 0,
    is_active: bool = True,
    actor: Any = None,
) -> Category:
    tenant = require_tenant()
    name = inputs.translations(name, field="name", tenant=tenant, required=True, max_length=120)
    slugs = inputs.translations(slugs, field="slugs", tenant=tenant, max_length=120)
    if Category.objects.filter(slug=slug).exists():
        raise inputs.invalid("slug", CatalogError.DUPLICATE_SLUG, "This slug is taken.")
    with atomic():
        category = Category.objects.create(
            parent=parent,
            slug=slug,
            name=name,
            slugs=slugs,
            description=inputs.translations(description, field="description", tenant=tenant),
            position=position,
            is_active=is_active,
        )
        category.path = f"{parent.path if parent else '/'}{category.pk}/"
        category.save(update_fields=["path"])
        audit.record(
            actor=actor,
            action="category.create",
            resource=category,
            new={"slug": slug, "name": name, "parent": category.parent_id},
        )
    catalog_changed()
    return category


def _category_snapshot(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "slugs": category.slugs,
        "parent": category.parent_id,
        "position": category.position,
        "is_active": category.is_active,
    }


def category_update(*, category: Category, actor: Any = None, **fields: Any) -> Category:
    """Change names, slugs, position, active flag or parent (the subtree's paths follow)."""
    tenant = require_tenant()
    before = _category_snapshot(category)
    for key in ("name", "slugs", "description"):
        if key in fields:
            value = inputs.translations(
                fields[key], field=key, tenant=tenant, required=key == "name"
            )
            setattr(category, key, value)
    for key in ("position", "is_active"):
        if key in fields:
            setattr(category, key, fields[key])
    with atomic():
        if "parent" in fields and fields["parent"] != category.parent:
            parent = fields["parent"]
            if parent is not None and parent.path.startswith(category.path):
                raise inputs.invalid("parent", "invalid", "A category cannot move under itself.")
            old_path = category.path
            category.parent = parent
            category.path = f"{parent.path if parent else '/'}{category.pk}/"
            # The whole subtree in one UPDATE: swap the old path prefix for the new one.
            Category.objects.filter(path__startswith=old_path).exclude(pk=category.pk).update(
                path=Concat(
                    Value(category.path),
                    Substr("path", len(old_path) + 1),
                    output_field=CharField(),
                )
            )
        category.save()
        old, new = changes(before, _category_snapshot(category))
        audit.record(actor=actor, action="category.update", resource=category, old=old, new=new)
        _reindex(
            Product.objects.filter(category__path__startswith=category.path).values_list(
                "pk", flat=True
            )
        )
    catalog_changed()
    return category


def brand_get_or_create(*, name: str, actor: Any = None) -> Brand:
    name = name.strip()[:120]
    slug = slugify(name)[:120] or "brand"
    brand = Brand.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if brand is None:
        with atomic():
            brand = Brand.objects.create(name=name, slug=slug)
            audit.record(
                actor=actor, action="brand.create", resource=brand, new={"name": name, "slug": slug}
            )
        catalog_changed()
    return brand


# ---------------------------------------------------------------- products

EDITABLE = (
    "name",
    "description",
    "seo",
    "attributes",
    "category",
    "brand",
    "price",
    "compare_at_price",
    "cost_price",
    "tax_class",
    "track_inventory",
    "low_stock_threshold",
    "available_in_countries",
    "shipping_info",
    "is_featured",
    "slug",
    "sku",
)


def _seo(value: Any, tenant: Tenant) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise inputs.invalid("seo", "invalid", "Give an object of {language: {meta_title, ...}}.")
    out: dict[str, dict[str, Any]] = {}
    for language, entry in value.items():
        if language not in tenant.languages:
            raise inputs.invalid(
                f"seo.{language}", CatalogError.UNKNOWN_LANGUAGE, "Unknown language."
            )
        if not isinstance(entry, dict):
            raise inputs.invalid(f"seo.{language}", "invalid", "Give an object.")
        keywords = entry.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise inputs.invalid(f"seo.{language}.keywords", "invalid", "A list of words.")
        out[language] = {
            "meta_title": str(entry.get("meta_title", ""))[:200],
            "meta_description": str(entry.get("meta_description", ""))[:500],
            "keywords": [k.strip()[:60] for k in keywords][:30],
        }
    return out


def _category(value: Any) -> Category:
    category = None
    if isinstance(value, int) and not isinstance(value, bool):
        category = Category.objects.filter(pk=value).first()
    elif isinstance(value, str) and value:
        category = Category.objects.filter(slug=value).first()
    if category is None:
        raise inputs.invalid("category", CatalogError.UNKNOWN_CATEGORY, "No such category.")
    return category


def _brand(value: Any) -> Brand | None:
    if value in (None, ""):
        return None
    brand = Brand.objects.filter(slug=value).first() if isinstance(value, str) else None
    if brand is None:
        raise inputs.invalid("brand", CatalogError.UNKNOWN_BRAND, "No such brand.")
    return brand


def clean_product(data: dict[str, Any], *, tenant: Tenant, partial: bool) -> dict[str, Any]:
    """Validate product fields (all or, when partial, those given) into model values."""
    out: dict[str, Any] = {}
    currency = tenant.default_currency
    unknown = set(data) - set(EDITABLE) - {"variants", "stock"}
    if unknown:
        raise inputs.invalid_fields(
            {
                key: [{"code": "unknown_field", "message": "Unknown field."}]
                for key in sorted(unknown)
            }
        )
    required = () if partial else ("sku", "name", "category", "price")
    missing = [key for key in required if key not in data]
    if missing:
        raise inputs.invalid_fields(
            {key: [{"code": "required", "message": "This field is required."}] for key in missing}
        )
    if "sku" in data:
        sku = data["sku"]
        if not isinstance(sku, str) or not sku.strip() or len(sku.strip()) > 64:
            raise inputs.invalid("sku", "invalid", "1-64 characters.")
        out["sku"] = sku.strip()
    if "slug" in data and data["slug"] is not None:
        slug = data["slug"]
        if not isinstance(slug, str) or slugify(slug) != slug or not slug or len(slug) > 160:
            raise inputs.invalid("slug", "invalid", "Lower-case letters, digits and hyphens.")
        out["slug"] = slug
    if "name" in data:
        out["name"] = inputs.translations(
            data["name"], field="name", tenant=tenant, required=True, max_length=200
        )
    if "description" in data:
        out["description"] = inputs.translations(
            data["description"], field="description", tenant=tenant, html=True
        )
    if "seo" in data:
        out["seo"] = _seo(data["seo"], tenant)
    if "attributes" in data:
        if not isinstance(data["attributes"], dict):
            raise inputs.invalid("attributes", "invalid", "Give an object.")
        out["attributes"] = data["attributes"]
    if "category" in data:
        out["category"] = _category(data["category"])
    if "brand" in data:
        out["brand"] = _brand(data["brand"])
    if "price" in data:
        out["price"] = inputs.amount(data["price"], field="price", currency=currency)
    for key in ("compare_at_price", "cost_price"):
        if key in data:
            value = data[key]
            out[key] = (
                None if value in (None, "") else inputs.amount(value, field=key, currency=currency)
            )
    if "tax_class" in data:
        if data["tax_class"] not in Product.TaxClass.values:
            raise inputs.invalid("tax_class", "invalid_choice", "standard, reduced or zero.")
        out["tax_class"] = data["tax_class"]
    for key in ("track_inventory", "is_featured"):
        if key in data:
            if not isinstance(data[key], bool):
                raise inputs.invalid(key, "invalid", "true or false.")
            out[key] = data[key]
    if "low_stock_threshold" in data:
        out["low_stock_threshold"] = inputs.whole_number(
            data["low_stock_threshold"], field="low_stock_threshold"
        )
    if "available_in_countries" in data:
        out["available_in_countries"] = inputs.countries(
            data["available_in_countries"], field="available_in_countries", tenant=tenant
        )
    if "shipping_info" in data:
        out["shipping_info"] = inputs.shipping_info(
            data["shipping_info"], field="shipping_info", tenant=tenant
        )
    return out


def clean_variant(
    data: Any, *, field: str, tenant: Tenant, partial: bool = False
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise inputs.invalid(field, "invalid", "Give an object.")
    out: dict[str, Any] = {}
    if "sku" in data or not partial:
        sku = data.get("sku")
        if not isinstance(sku, str) or not sku.strip() or len(sku.strip()) > 64:
            raise inputs.invalid(f"{field}.sku", "required", "1-64 characters.")
        out["sku"] = sku.strip()
    for key, target in (("name", "option_name"), ("value", "option_value")):
        if key in data:
            if not isinstance(data[key], str) or len(data[key]) > 60:
                raise inputs.invalid(f"{field}.{key}", "invalid", "Text of at most 60 characters.")
            out[target] = data[key].strip()
    if "price_modifier" in data:
        out["price_modifier"] = inputs.amount(
            data["price_modifier"],
            field=f"{field}.price_modifier",
            currency=tenant.default_currency,
            allow_negative=True,
        )
    if "stock" in data:
        out["stock"] = inputs.whole_number(data["stock"], field=f"{field}.stock")
    if "translations" in data:
        value = data["translations"]
        if not isinstance(value, dict):
            raise inputs.invalid(f"{field}.translations", "invalid", "{language: {name, value}}.")
        for language, entry in value.items():
            if language not in tenant.languages:
                raise inputs.invalid(
                    f"{field}.translations.{language}",
                    CatalogError.UNKNOWN_LANGUAGE,
                    "Unknown language.",
                )
            if not isinstance(entry, dict):
                raise inputs.invalid(
                    f"{field}.translations.{language}", "invalid", "{name, value}."
                )
        out["translations"] = {
            lang: {"name": str(e.get("name", ""))[:60], "value": str(e.get("value", ""))[:60]}
            for lang, e in value.items()
        }
    if "position" in data:
        out["position"] = inputs.whole_number(
            data["position"], field=f"{field}.position", maximum=1000
        )
    return out


def _check_prices(product: Product, variants: list[dict[str, Any]] | None = None) -> None:
    if product.price is not None and product.price < 0:
        raise inputs.invalid("price", CatalogError.NEGATIVE_AMOUNT, "Must not be negative.")
    for index, spec in enumerate(variants or []):
        if product.price + spec.get("price_modifier", Decimal(0)) < 0:
            raise inputs.invalid(
                f"variants.{index}.price_modifier",
                CatalogError.NEGATIVE_AMOUNT,
                "The variant's price would be negative.",
            )


def _sku_taken(
    vendor: Vendor, skus: list[str], *, exclude_variant: int | None = None
) -> FieldErrors:
    variants = ProductVariant.objects.filter(vendor=vendor, sku__in=skus)
    if exclude_variant is not None:
        variants = variants.exclude(pk=exclude_variant)
    taken = list(variants.values_list("sku", flat=True)[:1])
    if not taken:
        return {}
    return field_error("sku", CatalogError.DUPLICATE_SKU, f"SKU {taken[0]} is already used.")


def _check_product_sku_free(vendor: Vendor, sku: str, *, exclude: int | None = None) -> None:
    taken = Product.objects.filter(vendor=vendor, sku=sku)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise inputs.invalid(
            "sku", CatalogError.DUPLICATE_SKU, "You already have a product with this SKU."
        )


def _unique_slug(base: str, *, exclude: int | None = None) -> str:
    base = slugify(base)[:140] or "product"
    slug, n = base, 1
    taken = Product.objects.filter(slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        n += 1
        slug = f"{base}-{n}"
    return slug


def product_prepare(
    *, vendor: Vendor, data: dict[str, Any], source: dict[str, Any] | None = None
) -> tuple[Product, list[dict[str, Any]]]:
    """Validate a new product and its variants without writing (imports dry-run with it)."""
    tenant = require_tenant()
    fields = clean_product(data, tenant=tenant, partial=False)
    raw_variants = data.get("variants") or []
    if not isinstance(raw_variants, list) or len(raw_variants) > 100:
        raise inputs.invalid("variants", "invalid", "A list of at most 100 variants.")
    variants = [
        clean_variant(v, field=f"variants.{i}", tenant=tenant) for i, v in enumerate(raw_variants)
    ]
    if not variants:
        stock = inputs.whole_number(data.get("stock", 0), field="stock")
        variants = [{"sku": fields["sku"], "stock": stock}]
    skus = [v["sku"] for v in variants]
    if len(set(skus)) != len(skus):
        raise inputs.invalid(
            "variants", CatalogError.DUPLICATE_SKU, "Each variant needs its own SKU."
        )
    _check_product_sku_free(vendor, fields["sku"])
    taken = _sku_taken(vendor, skus)
    if taken:
        field = "sku" if len(raw_variants) == 0 else "variants"
        raise inputs.invalid_fields({field: taken["sku"]})
    if "slug" in fields and Product.objects.filter(slug=fields["slug"]).exists():
        raise inputs.invalid("slug", CatalogError.DUPLICATE_SLUG, "This slug is taken.")
    product = Product(
        vendor=vendor, currency=tenant.default_currency, source=source or {}, **fields
    )
    if not product.available_in_countries:
        product.available_in_countries = list(tenant.countries)
    _check_prices(product, variants)
    return product, variants


def product_create(
    *, vendor: Vendor, data: dict[str, Any], actor: Any = None, source: dict[str, Any] | None = None
) -> Product:
    """Create a draft product with all its translations and variants (or one default variant)."""
    tenant = require_tenant()
    product, variants = product_prepare(vendor=vendor, data=data, source=source)
    if not product.slug:
        name = product.name.get(tenant.default_language, "")
        product.slug = _unique_slug(name if slugify(name) else product.sku)
    try:
        with atomic():
            product.save()
            ProductVariant.objects.bulk_create(
                [
                    ProductVariant(
                        product=product, vendor=vendor, position=v.pop("position", i), **v
                    )
                    for i, v in enumerate(variants)
                ]
            )
            audit.record(
                actor=actor, action="product.create", resource=product, new=_snapshot(product)
            )
            _reindex([product.pk])
    except IntegrityError as exc:  # a concurrent create took the SKU or slug
        raise Conflict(CatalogError.DUPLICATE_SKU, "The SKU or slug was taken meanwhile.") from exc
    catalog_changed()
    return product


def _snapshot(product: Product) -> dict[str, Any]:
    return {
        "sku": product.sku,
        "slug": product.slug,
        "name": product.name,
        "status": product.status,
        "price": str(product.price),
        "compare_at_price": str(product.compare_at_price),
        "category": product.category_id,
        "brand": product.brand_id,
    }


def _variant_snapshot(variant: ProductVariant) -> dict[str, Any]:
    return {
        "product": variant.product_id,
        "sku": variant.sku,
        "option_name": variant.option_name,
        "option_value": variant.option_value,
        "price_modifier": str(variant.price_modifier),
        "stock": variant.stock,
        "is_active": variant.is_active,
    }


def product_update(*, product: Product, data: dict[str, Any], actor: Any = None) -> Product:
    """Change the given fields; translations are replaced per field as a whole."""
    tenant = require_tenant()
    if "variants" in data or "stock" in data:
        raise inputs.invalid(
            "variants", "read_only", "Change variants and stock with their endpoints."
        )
    fields = clean_product(data, tenant=tenant, partial=True)
    old = _snapshot(product)
    if "sku" in fields and fields["sku"] != product.sku:
        _check_product_sku_free(product.vendor, fields["sku"], exclude=product.pk)
    if (
        "slug" in fields
        and Product.objects.filter(slug=fields["slug"]).exclude(pk=product.pk).exists()
    ):
        raise inputs.invalid("slug", CatalogError.DUPLICATE_SLUG, "This slug is taken.")
    for key, value in fields.items():
        setattr(product, key, value)
    _check_prices(
        product,
        [{"price_modifier": m} for m in product.variants.values_list("price_modifier", flat=True)],
    )
    # Only the fields this update changes: a whole-row save would write back status, metrics
    # and publication as read at the start of the request, undoing a concurrent staff approval.
    columns = {f.name for f in Product._meta.concrete_fields}
    update_fields = [name for name in fields if name in columns] + ["updated_at"]
    try:
        with atomic():
            product.save(update_fields=update_fields)
            old, new = changes(old, _snapshot(product))
            audit.record(actor=actor, action="product.update", resource=product, old=old, new=new)
            _reindex([product.pk])
    except IntegrityError as exc:
        raise Conflict(CatalogError.DUPLICATE_SKU, "The SKU or slug was taken meanwhile.") from exc
    catalog_changed()
    return product


def _set_status(
    product: Product, to: str, *, actor: Any, action: str, reason: str | None = None
) -> Product:
    """Move to status `to`; a moderation decision gives `reason` (empty on approval)."""
    old = product.status
    product.status = to
    update = ["status", "updated_at"]
    if to == Product.Status.PUBLISHED and product.published_at is None:
        product.published_at = timezone.now()
        update.append("published_at")
    if reason is not None:
        product.rejection_reason = reason
        update.append("rejection_reason")
    with atomic():
        product.save(update_fields=update)
        audit.record(
            actor=actor,
            action=action,
            resource=product,
            old={"status": old},
            new={"status": to, **({"reason": reason} if reason else {})},
        )
        _reindex([product.pk])
    catalog_changed()
    return product


def product_publish(*, product: Product, actor: Any = None) -> Product:
    """Publish, or submit for review when the region moderates products."""
    if product.status not in {Product.Status.DRAFT, Product.Status.ARCHIVED}:
        raise Conflict(
            CatalogError.INVALID_STATUS, f"A {product.status} product cannot be published."
        )
    moderated = require_tenant().feature("product_moderation")
    to = Product.Status.PENDING_REVIEW if moderated else Product.Status.PUBLISHED
    return _set_status(product, to, actor=actor, action="product.publish")


def product_archive(*, product: Product, actor: Any = None) -> Product:
    if product.status == Product.Status.ARCHIVED:
        raise Conflict(CatalogError.INVALID_STATUS, "The product is already archived.")
    return _set_status(product, Product.Status.ARCHIVED, actor=actor, action="product.archive")


def product_unpublish(*, product: Product, actor: Any = None) -> Product:
    if product.status == Product.Status.DRAFT:
        raise Conflict(CatalogError.INVALID_STATUS, "The product is already a draft.")
    return _set_status(product, Product.Status.DRAFT, actor=actor, action="product.unpublish")


def product_approve(*, product: Product, actor: Any) -> Product:
    if product.status != Product.Status.PENDING_REVIEW:
        raise Conflict(CatalogError.INVALID_STATUS, "Only products pending review can be approved.")
    return _set_status(
        product, Product.Status.PUBLISHED, actor=actor, action="product.approve", reason=""
    )


def product_reject(*, product: Product, actor: Any, reason: str) -> Product:
    if product.status != Product.Status.PENDING_REVIEW:
        raise Conflict(CatalogError.INVALID_STATUS, "Only products pending review can be rejected.")
    if not reason.strip():
        raise inputs.invalid("reason", "required", "Say why the product is rejected.")
    return _set_status(
        product, Product.Status.DRAFT, actor=actor, action="product.reject", reason=reason.strip()
    )


def product_delete(*, product: Product, actor: Any = None) -> Product | None:
    """Delete a product that never sold; one that sold is archived instead (orders keep it)."""
    from globalmarket.orders.models import OrderLine

    if product.sales_count > 0 or OrderLine.objects.filter(product=product).exists():
        if product.status != Product.Status.ARCHIVED:
            product_archive(product=product, actor=actor)
        return product
    from .services_images import image_files_delete_on_commit

    snapshot = _snapshot(product)
    product_id = product.pk
    with atomic():
        image_files_delete_on_commit(list(product.images.all()))
        product.delete()
        audit.record(
            actor=actor,
            action="product.delete",
            resource=None,
            resource_id=product_id,
            old=snapshot,
        )
        _reindex([product_id])
    catalog_changed()
    return None


# ---------------------------------------------------------------- variants and stock


def variant_create(*, product: Product, data: dict[str, Any], actor: Any = None) -> ProductVariant:
    tenant = require_tenant()
    fields = clean_variant(data, field="variant", tenant=tenant)
    _check_prices(product, [fields])
    taken = _sku_taken(product.vendor, [fields["sku"]])
    if taken:
        raise inputs.invalid_fields(taken)
    fields.setdefault("position", product.variants.count())
    try:
        with atomic():
            variant = ProductVariant.objects.create(
                product=product, vendor=product.vendor, **fields
            )
            audit.record(
                actor=actor,
                action="variant.create",
                resource=variant,
                new=_variant_snapshot(variant),
            )
            _reindex([product.pk])
    except IntegrityError as exc:
        raise Conflict(CatalogError.DUPLICATE_SKU, "The SKU was taken meanwhile.") from exc
    catalog_changed()
    return variant


def variant_update(
    *, variant: ProductVariant, data: dict[str, Any], actor: Any = None
) -> ProductVariant:
    tenant = require_tenant()
    fields = clean_variant(data, field="variant", tenant=tenant, partial=True)
    if "price_modifier" in fields:
        _check_prices(variant.product, [fields])
    if "sku" in fields:
        taken = _sku_taken(variant.vendor, [fields["sku"]], exclude_variant=variant.pk)
        if taken:
            raise inputs.invalid_fields(taken)
    new_stock = fields.pop("stock", None)
    before = _variant_snapshot(variant)
    for key, value in fields.items():
        setattr(variant, key, value)
    with atomic():
        # Never a whole-row save: `stock` as read at request start would overwrite a concurrent
        # checkout's decrement. Stock changes go through the conditional UPDATE.
        variant.save(update_fields=list(fields))
        if new_stock is not None:
            variant_stock_set(variant=variant, stock=new_stock, actor=actor)
        old, new = changes(before, _variant_snapshot(variant))
        audit.record(actor=actor, action="variant.update", resource=variant, old=old, new=new)
        _reindex([variant.product_id])
    catalog_changed()
    return variant


def variant_delete(*, variant: ProductVariant, actor: Any = None) -> None:
    with atomic():
        count = (
            ProductVariant.objects.select_for_update().filter(product_id=variant.product_id).count()
        )
        if count <= 1:
            raise Conflict(CatalogError.LAST_VARIANT, "A product keeps at least one variant.")
        variant_id = variant.pk
        variant.delete()
        audit.record(
            actor=actor,
            action="variant.delete",
            resource=None,
            resource_id=variant_id,
            old={"sku": variant.sku, "product": variant.product_id},
        )
        _reindex([variant.product_id])
    catalog_changed()


def variant_stock_set(
    *, variant: ProductVariant, stock: Any, expected: Any = None, actor: Any = None
) -> ProductVariant:
    """Set the absolute stock in one conditional UPDATE (optionally only if it is `expected`)."""
    stock = inputs.whole_number(stock, field="stock")
    rows = ProductVariant.objects.filter(pk=variant.pk)
    if expected is not None:
        rows = rows.filter(stock=inputs.whole_number(expected, field="expected_stock"))
    old = variant.stock
    with atomic():
        if rows.update(stock=stock) == 0:
            raise Conflict(
                CatalogError.STOCK_CHANGED, "The stock changed meanwhile; read it again."
            )
        variant.stock = stock
        audit.record(
            actor=actor,
            action="variant.stock_set",
            resource=variant,
            old={"stock": old},
            new={"stock": stock},
        )
        _reindex([variant.product_id])
    catalog_changed()
    return variant


def variant_stock_adjust(
    *, variant: ProductVariant, delta: Any, actor: Any = None
) -> ProductVariant:
    """Add (or remove, when negative) units; never takes the stock below zero."""
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise inputs.invalid("delta", "invalid", "A whole number.")
    rows = ProductVariant.objects.filter(pk=variant.pk)
    if delta < 0:
        rows = rows.filter(stock__gte=-delta)
    with atomic():
        if rows.update(stock=F("stock") + delta) == 0:
            raise inputs.invalid(
                "delta", CatalogError.NEGATIVE_STOCK, "Stock cannot go below zero."
            )
        variant.refresh_from_db(fields=["stock"])
        audit.record(
            actor=actor,
            action="variant.stock_adjust",
            resource=variant,
            new={"delta": delta, "stock": variant.stock},
        )
        _reindex([variant.product_id])
    catalog_changed()
    return variant
