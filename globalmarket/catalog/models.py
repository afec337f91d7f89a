"""Categories, brands, products with variants and images (seed section 4.2's product document).

Translated text is stored as JSON {language: text}; `globalmarket.catalog.i18n.translated`
picks the request's language with a fallback to the tenant's default language.
Money amounts are stored with 3 decimals and quantized to the currency on output.
"""

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from globalmarket.tenancy.models import TenantScopedModel
from globalmarket.vendors.models import Vendor


def amount_field(**kwargs: object) -> models.DecimalField:
    """A money amount: 3 decimals stored (enough for KWD), quantized to the currency on output."""
    return models.DecimalField(max_digits=15, decimal_places=3, **kwargs)  # type: ignore[arg-type]


class Category(TenantScopedModel):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    slug = models.SlugField(max_length=120, unique=True)
    name = models.JSONField(help_text="{language: name}")
    slugs = models.JSONField(
        default=dict, blank=True, help_text="{language: slug} for localized URLs"
    )
    description = models.JSONField(default=dict, blank=True)
    # Materialized path of ids, e.g. "/3/17/": subcategory filters are one indexed prefix match.
    path = models.CharField(max_length=255, db_index=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.slug


class Brand(TenantScopedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The public list's orderings (catalog.selectors.ORDERINGS), by name.
LIST_ORDERINGS: dict[str, list[str]] = {
    "newest": ["-published_at", "-id"],
    "price": ["price", "id"],
    "-price": ["-price", "-id"],
    "popularity": ["-sales_count", "-views", "-id"],
    "rating": ["-rating_avg", "-rating_count", "-id"],
}
# Columns the public lists filter on, carried in their indexes (ADR 0154).
_LIST_FILTERS = ["tenant_id", "vendor", "available_in_countries"]
_PUBLISHED = Q(status="published")


def _list_indexes() -> list[models.Index]:
    """One index per list ordering over published products (`product_pub_<name>`), and the
    same within one category (`product_cat_<name>`: a leaf holds a few % of the catalog,
    walking the global order to find its page N reads thousands of other rows; a descending
    price walks the ascending index backwards). Each carries the columns a list filters on
    (region, vendor, country: ADR 0154), so a walk with those filters reads no table rows."""
    indexes = []
    for key, fields in LIST_ORDERINGS.items():
        name = key.lstrip("-") + ("_desc" if key.startswith("-") else "")
        covering: dict[str, Any] = {"condition": _PUBLISHED, "include": _LIST_FILTERS}
        indexes.append(models.Index(fields=fields, name=f"product_pub_{name}", **covering))
        if not key.startswith("-"):
            indexes.append(
                models.Index(fields=["category", *fields], name=f"product_cat_{name}", **covering)
            )
    return indexes


class Product(TenantScopedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING_REVIEW = "pending_review", "Pending review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class TaxClass(models.TextChoices):
        STANDARD = "standard", "Standard rate"
        REDUCED = "reduced", "Reduced rate"
        ZERO = "zero", "Zero rate"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    sku = models.CharField(max_length=64)
    slug = models.SlugField(max_length=160, unique=True)
    name = models.JSONField(help_text="{language: name}")
    description = models.JSONField(default=dict, blank=True, help_text="{language: sanitised HTML}")
    attributes = models.JSONField(
        default=dict, blank=True, help_text="{attribute: value}, e.g. material"
    )
    price = amount_field()
    compare_at_price = amount_field(null=True, blank=True)
    cost_price = amount_field(null=True, blank=True, help_text="Vendor and staff only")
    currency = models.CharField(max_length=3)
    tax_class = models.CharField(max_length=16, choices=TaxClass.choices, default=TaxClass.STANDARD)
    track_inventory = models.BooleanField(default=True)
    low_stock_threshold = models.PositiveIntegerField(default=10)
    seo = models.JSONField(
        default=dict, blank=True, help_text="{language: {meta_title, meta_description, keywords}}"
    )
    available_in_countries = models.JSONField(default=list, help_text='["NL", "DE"]')
    # {"NL": {"shipping_cost": "0.00", "delivery_days_min": 1, "delivery_days_max": 2}}
    shipping_info = models.JSONField(default=dict, blank=True)
    # Metrics (seed's `metrics` block); conversion = sales / views.
    views = models.PositiveIntegerField(default=0)
    sales_count = models.PositiveIntegerField(default=0)
    revenue = amount_field(default=Decimal(0))
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal(0))
    rating_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_featured = models.BooleanField(default=False)
    # Why staff sent the product back to draft (moderation), shown to the vendor.
    rejection_reason = models.TextField(blank=True)
    # Where an imported product came from: {"format", "id", "image_urls"} (never fetched).
    source = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sku"], name="product_sku_unique_per_vendor"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="product_status_published"),
            models.Index(fields=["vendor", "status"], name="product_vendor_status"),
            models.Index(fields=["category", "status"], name="product_category_status"),
            *_list_indexes(),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_on_sale(self) -> bool:
        return self.compare_at_price is not None and self.compare_at_price > self.price


class ProductVariant(TenantScopedModel):
    """The unit a shopper buys. A product without options has one variant with empty option."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Denormalized so SKUs can be unique per vendor across all its products.
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=64)
    option_name = models.CharField(max_length=60, blank=True, help_text='e.g. "Color"')
    option_value = models.CharField(max_length=60, blank=True, help_text='e.g. "Black"')
    translations = models.JSONField(default=dict, blank=True, help_text="{language: {name, value}}")
    price_modifier = amount_field(default=Decimal(0))
    # Units available to sell. Changed only by conditional UPDATE / row lock (see checkout).
    stock = models.IntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sku"], name="variant_sku_unique_per_vendor"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def price(self) -> Decimal:
        return self.product.price + self.price_modifier


def product_image_path(instance: "ProductImage", filename: str) -> str:
    return f"products/{instance.tenant_id}/{instance.product_id}/{filename}"


class ProductImage(TenantScopedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        upload_to=product_image_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    thumbnails = models.JSONField(
        default=dict, blank=True, help_text='{"small": "path", "medium": "path"}'
    )
    alt = models.JSONField(default=dict, blank=True, help_text="{language: alt text}")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
