import io

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.catalog import demo
from globalmarket.catalog.models import Product, ProductImage
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_demo_catalog_per_region_is_complete_quick_and_idempotent(
    tenants, api_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from globalmarket.vendors import demo as vendors_demo

    for tenant in tenants.values():
        with use_tenant(tenant):
            vendors_demo.seed(tenant, stdout=io.StringIO())  # runs first in DEMO_SEEDERS
        # Bulk inserts keep it quick (≈ 5 s for both regions): a bounded number of queries.
        with use_tenant(tenant), CaptureQueriesContext(connections[tenant.database_alias]) as ctx:
            demo.seed(tenant, stdout=io.StringIO())
        assert len(ctx.captured_queries) < 200, len(ctx.captured_queries)
    for slug, languages in (("eu", {"en", "nl", "de", "fr"}), ("mena", {"ar", "en"})):
        tenant = tenants[slug]
        listing = api_for(tenant).get("/api/v1/products/?page_size=100").json()
        assert listing["count"] >= 200
        with use_tenant(tenant):
            published = Product.objects.filter(status=Product.Status.PUBLISHED)
            assert published.values("category").distinct().count() >= 8
            assert published.values("vendor").distinct().count() >= 3
            assert all(
                set(p.name) == languages
                for p in published.exclude(slug="premium-wireless-headphones")
            )
            assert all(p.currency == tenant.default_currency for p in published)
            assert published.filter(is_featured=True).exists()
            assert any(p.is_on_sale for p in published)
            image = ProductImage.objects.first()
            assert (tmp_path / image.image.name).is_file()
            before = Product.objects.count()
            demo.seed(tenant, stdout=io.StringIO())
            assert Product.objects.count() == before
    headphones = api_for(tenants["eu"]).get("/api/v1/products/premium-wireless-headphones/").json()
    assert (headphones["price"], headphones["compare_at_price"], headphones["vendor"]["slug"]) == (
        "299.99",
        "399.99",
        "audiotech",
    )
    assert [v["value"] for v in headphones["variants"]] == ["Black", "White"]
    assert (
        api_for(tenants["mena"]).get("/api/v1/products/?lang=ar").json()["results"][0]["currency"]
        == "AED"
    )
