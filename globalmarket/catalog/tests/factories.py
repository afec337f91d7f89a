from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from globalmarket.catalog.models import Brand, Category, Product, ProductVariant
from globalmarket.vendors.tests.factories import VendorFactory


class CategoryFactory(DjangoModelFactory):
    """Create inside `use_tenant(...)`. `path` is filled after save (materialized ids)."""

    class Meta:
        model = Category
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.slug.replace("-", " ").title()})

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        parent_path = obj.parent.path if obj.parent_id else "/"
        obj.path = f"{parent_path}{obj.pk}/"
        if create:
            obj.save(update_fields=["path"])


class BrandFactory(DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ProductFactory(DjangoModelFactory):
    """A published product with one default variant (pass variants=[...] specs to override)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    vendor = factory.SubFactory(VendorFactory)
    category = factory.SubFactory(CategoryFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    name = factory.LazyAttribute(lambda o: {"en": f"Product {o.sku}"})
    description = factory.LazyFunction(lambda: {"en": "<p>A fine product.</p>"})
    price = Decimal("19.99")
    currency = "EUR"
    available_in_countries = factory.LazyFunction(lambda: ["NL", "DE", "BE", "FR"])
    status = Product.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def variants(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if not create:
            return
        specs = extracted if extracted is not None else [{"stock": kwargs.get("stock", 10)}]
        for position, spec in enumerate(specs):
            ProductVariantFactory(product=obj, position=position, **spec)


class ProductVariantFactory(DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory, variants=[])
    vendor = factory.LazyAttribute(lambda o: o.product.vendor)
    sku = factory.Sequence(lambda n: f"VAR-{n:05d}")
    stock = 10
