"""The public product rows: PostgreSQL's one-statement rows equal the ORM path's."""

from decimal import Decimal

import pytest
from django.db import connections

from globalmarket.catalog import rows, selectors
from globalmarket.catalog.models import Product, ProductImage
from globalmarket.catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor
from globalmarket.vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(eu):
    """Products covering every shape a row has, plus some that are not public."""
    with use_tenant(eu):
        vendor = VendorFactory(
            shipping_rates={"BE": {"cost": "3.50", "delivery_days_min": 2, "delivery_days_max": 5}}
        )
        full = ProductFactory(
            vendor=vendor,
            slug="full",
            brand=BrandFactory(slug="acme", name="Acme"),
            category=CategoryFactory(slug="audio", name={"en": "Audio", "nl": "Geluid"}),
            name={"en": "Headphones", "nl": "Koptelefoon"},
            description={"en": "<p>Great</p>"},
            price=Decimal("299.99"),
            compare_at_price=Decimal("399.99"),
            available_in_countries=["NL", "BE"],
            shipping_info={"NL": {"shipping_cost": "0", "delivery_days_min": 1}},
            rating_avg=Decimal("4.25"),
            rating_count=12,
            variants=[
                {"option_name": "Color", "option_value": "White", "stock": 0,
                 "price_modifier": Decimal("10.005")},
                {"option_name": "Color", "option_value": "Black",
                 "translations": {"nl": {"name": "Kleur", "value": "Zwart"}}},
                {"option_name": "Color", "option_value": "Red", "is_active": False},
            ],
        )  # fmt: skip
        full.variants.filter(option_value="White").update(position=5)  # after Black by position
        for position, name in ((2, "b.jpg"), (1, "a.jpg")):
            ProductImage.objects.create(
                product=full, image=f"products/{name}", width=10, height=20, position=position,
                alt={"en": name}, thumbnails={"small": f"products/s-{name}"},
            )  # fmt: skip
        bare = ProductFactory(slug="bare", brand=None, variants=[])
        draft = ProductFactory(slug="draft", status=Product.Status.DRAFT)
        suspended = ProductFactory(
            slug="suspended", vendor=VendorFactory(status=Vendor.Status.SUSPENDED)
        )
    return full, bare, draft, suspended


def orm_rows(ids):
    return [rows.row_from_product(p) for p in selectors.products_in_order(ids)]


def test_rows_are_the_public_products_in_the_order_asked(eu, catalog):
    full, bare, draft, suspended = catalog
    with use_tenant(eu):
        found = rows.product_rows([bare.pk, draft.pk, full.pk, suspended.pk, 10**9])
    assert [row["id"] for row in found] == [bare.pk, full.pk]
    full_row = found[1]
    assert [v["option_value"] for v in full_row["variants"]] == ["Black", "White"]
    assert full_row["variants"][1]["price_modifier"] == Decimal("10.005")
    assert [i["image"] for i in full_row["images"]] == ["products/a.jpg", "products/b.jpg"]
    assert full_row["brand"] == {"slug": "acme", "name": "Acme"}
    assert found[0]["brand"] is None
    assert found[0]["variants"] == []


def test_postgresql_rows_equal_the_orm_rows(eu, catalog):
    if connections[eu.database_alias].vendor != "postgresql":
        pytest.skip("the one-statement rows are PostgreSQL's; elsewhere rows come from the ORM")
    full, bare, *_ = catalog
    with use_tenant(eu):
        assert rows.product_rows([full.pk, bare.pk]) == orm_rows([full.pk, bare.pk])
        assert rows.product_row(slug="full", country="BE") == orm_rows([full.pk])[0]


def test_a_product_row_by_slug_only_where_it_is_sold(eu, catalog):
    with use_tenant(eu):
        assert rows.product_row(slug="full", country=None)["id"] == catalog[0].pk
        assert rows.product_row(slug="full", country="BE") is not None
        assert rows.product_row(slug="full", country="DE") is None
        assert rows.product_row(slug="draft", country=None) is None
        assert rows.product_row(slug="suspended", country=None) is None


def test_rows_are_the_region_s_own(eu, mena, catalog):
    """The other region's database has no such products (and the statement filters by
    tenant as a second guard)."""
    with use_tenant(mena):
        assert rows.product_rows([p.pk for p in catalog]) == []
        assert rows.product_row(slug="full", country=None) is None
