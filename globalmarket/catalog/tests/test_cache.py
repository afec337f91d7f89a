"""Cached catalog responses show every change at once (no stale reads after a write)."""

import time
from decimal import Decimal

import pytest

from globalmarket.catalog import services, services_images
from globalmarket.catalog.models import Product
from globalmarket.catalog.tests.factories import CategoryFactory, ProductFactory
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor

pytestmark = pytest.mark.django_db


def get(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    return response


def test_changes_are_visible_immediately(eu, api_for, run_on_commit):
    with use_tenant(eu):
        product = ProductFactory(
            slug="lamp", price=Decimal("10.00"), name={"en": "Lamp", "nl": "Lamp NL"}
        )
    client = api_for(eu)
    detail, listing = "/api/v1/products/lamp/", "/api/v1/products/"
    assert get(client, detail).headers["X-Cache"] == "MISS"
    assert get(client, detail).headers["X-Cache"] == "HIT"
    assert get(client, listing).json()["results"][0]["price"] == "10.00"

    with use_tenant(eu), run_on_commit():
        services.product_update(product=product, data={"price": "12.50"})
    assert get(client, detail).json()["price"] == "12.50"
    assert get(client, listing).json()["results"][0]["price"] == "12.50"

    variant = product.variants.get()
    with use_tenant(eu), run_on_commit():
        services.variant_stock_set(variant=variant, stock=0)
    assert get(client, detail).json()["variants"][0]["in_stock"] is False

    with use_tenant(eu), run_on_commit():
        Vendor.objects.filter(pk=product.vendor_id).update(status=Vendor.Status.SUSPENDED)
        from globalmarket.catalog.cache import catalog_changed

        catalog_changed()  # what the vendors app calls when a vendor's status changes
    assert get(client, detail).status_code == 404
    assert get(client, listing).json()["count"] == 0


def test_cache_is_per_language_country_and_tenant(eu, mena, api_for):
    with use_tenant(eu):
        ProductFactory(
            slug="lamp",
            name={"en": "Lamp", "nl": "Lamp NL"},
            shipping_info={
                "NL": {"shipping_cost": "0", "delivery_days_min": 1, "delivery_days_max": 2}
            },
        )
    with use_tenant(mena):
        ProductFactory(
            slug="lamp",
            currency="AED",
            name={"ar": "مصباح", "en": "Lamp"},
            available_in_countries=["AE"],
        )
    eu_client = api_for(eu)
    assert eu_client.get("/api/v1/products/lamp/?lang=en").json()["name"] == "Lamp"
    assert eu_client.get("/api/v1/products/lamp/?lang=nl").json()["name"] == "Lamp NL"
    assert eu_client.get("/api/v1/products/lamp/?country=NL").json()["shipping"]["cost"] == "0.00"
    assert eu_client.get("/api/v1/products/lamp/").json()["shipping"] is None
    assert api_for(mena).get("/api/v1/products/lamp/").json()["name"] == "مصباح"
    assert api_for(mena).get("/api/v1/products/lamp/").json()["currency"] == "AED"


def test_category_and_image_changes_invalidate(eu, api_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with use_tenant(eu):
        category = CategoryFactory(slug="home", name={"en": "Home"})
        product = ProductFactory(slug="lamp", category=category)
    client = api_for(eu)
    assert client.get("/api/v1/products/lamp/").json()["category"]["name"] == "Home"
    with use_tenant(eu):
        services.category_update(category=category, name={"en": "Living"})
    assert client.get("/api/v1/products/lamp/").json()["category"]["name"] == "Living"
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (8, 8)).save(data, "JPEG")
    data.seek(0)
    data.size = len(data.getvalue())  # type: ignore[attr-defined]
    with use_tenant(eu):
        services_images.image_add(product=product, file=data)
    assert len(client.get("/api/v1/products/lamp/").json()["images"]) == 1
    with use_tenant(eu):
        services.product_archive(product=Product.objects.get(pk=product.pk))
    assert client.get("/api/v1/products/lamp/").status_code == 404


def test_unknown_query_parameters_share_the_cache_entry(eu, api_for):
    with use_tenant(eu):
        ProductFactory(slug="lamp")
    client = api_for(eu)
    assert client.get("/api/v1/products/?page_size=5").headers["X-Cache"] == "MISS"
    assert client.get("/api/v1/products/?page_size=5&utm_source=x").headers["X-Cache"] == "HIT"
    assert client.get("/api/v1/products/lamp/").headers["X-Cache"] == "MISS"
    assert client.get("/api/v1/products/lamp/?ref=mail").headers["X-Cache"] == "HIT"
    assert client.get("/api/v1/products/lamp/?lang=nl").headers["X-Cache"] == "MISS"


def test_suspending_a_vendor_hides_its_cached_products_at_once(
    eu, api_for, staff_client, run_on_commit
):
    with use_tenant(eu):
        product = ProductFactory(slug="lamp")
    client = api_for(eu)
    assert client.get("/api/v1/products/lamp/").status_code == 200
    assert client.get("/api/v1/products/").json()["count"] == 1
    with run_on_commit():
        response = staff_client(eu).post(
            f"/api/v1/staff/vendors/{product.vendor_id}/suspend/",
            {"reason": "Fraud"},
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert client.get("/api/v1/products/lamp/").status_code == 404
    assert client.get("/api/v1/products/").json()["count"] == 0


def test_a_single_flight_entry_is_built_once_for_concurrent_misses(eu):
    """Requests that miss the same expensive entry together wait for the first one's result
    instead of each running the query."""
    import threading
    import time

    from globalmarket.catalog.cache import cached_response

    builds, results = [], []

    def build():
        builds.append(1)
        time.sleep(0.3)
        return 42

    def request():
        with use_tenant(eu):
            results.append(
                cached_response("count", country="NL", params={"c": "x"}, build=build,
                                single_flight=True)
            )  # fmt: skip

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert sorted(results) == [(42, False), (42, True), (42, True), (42, True)]


def test_a_waiter_builds_itself_when_the_first_builder_is_too_slow(eu, monkeypatch):
    import threading
    import time

    from globalmarket.catalog import cache as catalog_cache

    monkeypatch.setattr(catalog_cache, "WAIT_SECONDS", 0.05)
    started = threading.Event()

    def slow():
        started.set()
        time.sleep(0.5)
        return 1

    def first():
        with use_tenant(eu):
            catalog_cache.cached_response(
                "count", country="", params={"c": "y"}, build=slow, single_flight=True
            )

    thread = threading.Thread(target=first)
    thread.start()
    started.wait()
    with use_tenant(eu):
        value = catalog_cache.cached_response(
            "count", country="", params={"c": "y"}, build=lambda: 7, single_flight=True
        )
    thread.join()
    assert value == (7, False)  # built after waiting 0.05 s, not 0.5 s


def test_a_failed_build_releases_its_claim(eu, monkeypatch):
    from globalmarket.catalog import cache as catalog_cache

    monkeypatch.setattr(catalog_cache, "WAIT_SECONDS", 5)

    def dies():
        raise RuntimeError("the builder failed")

    with use_tenant(eu):
        with pytest.raises(RuntimeError):
            catalog_cache.cached_response(
                "count", country="", params={"c": "z"}, build=dies, single_flight=True
            )
        started = time.monotonic()
        value = catalog_cache.cached_response(
            "count", country="", params={"c": "z"}, build=lambda: 7, single_flight=True
        )
    assert value == (7, False)
    assert time.monotonic() - started < 1  # no wait for a claim nobody holds
