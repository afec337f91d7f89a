import io
from decimal import Decimal

import pytest
from django.db import connections
from PIL import Image

from globalmarket.catalog.models import Product, ProductImage, ProductVariant
from globalmarket.catalog.tests.conftest import product_body
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/vendor/products/"


def count(tenant, model=Product):
    with use_tenant(tenant):
        return model.objects.count()


def test_vendor_creates_a_product_with_all_translations_and_variants(eu, audio, vendor_client):
    client, vendor = vendor_client(eu)
    response = client.post(URL, product_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["names"] == {"en": "Wireless Headphones", "nl": "Draadloze koptelefoon"}
    assert body["descriptions"] == {"en": "<p>Great sound</p>"}  # script removed
    assert body["cost_price"] == "150.00"
    assert body["slug"] == "wireless-headphones"
    assert [(v["sku"], v["price"], v["stock"]) for v in body["variants"]] == [
        ("HDPH-1-BLK", "299.99", 80),
        ("HDPH-1-WHT", "309.99", 70),
    ]
    with use_tenant(eu):
        product = Product.objects.get(pk=body["id"])
        assert product.vendor == vendor
        assert product.price == Decimal("299.99")
        assert product.currency == "EUR"


def test_product_without_variants_gets_one_default_variant(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    response = client.post(URL, product_body(variants=[], stock=5), format="json")
    assert response.status_code == 201
    assert [(v["sku"], v["stock"]) for v in response.json()["variants"]] == [("HDPH-1", 5)]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"price": "-1.00"}, "price", "negative_amount"),
        ({"price": "abc"}, "price", "invalid_amount"),
        ({"price": 19.99}, "price", "float_not_allowed"),
        ({"price": "19.999"}, "price", "invalid_amount"),
        ({"compare_at_price": "-5"}, "compare_at_price", "negative_amount"),
        ({"category": "no-such-category"}, "category", "unknown_category"),
        ({"name": {"en": "X", "xx": "Y"}}, "name.xx", "unknown_language"),
        ({"name": {"ar": "سماعات"}}, "name.ar", "unknown_language"),  # not a language of Europe
        ({"name": {"nl": "Alleen Nederlands"}}, "name.en", "required"),
        ({"available_in_countries": ["AE"]}, "available_in_countries", "unknown_country"),
        ({"variants": [{"sku": "A", "stock": -1}]}, "variants.0.stock", "negative_stock"),
        (
            {"variants": [{"sku": "A", "price_modifier": "-400"}]},
            "variants.0.price_modifier",
            "negative_amount",
        ),
        ({"variants": [{"sku": "A"}, {"sku": "A"}]}, "variants", "duplicate_sku"),
        ({"colour": "red"}, "colour", "unknown_field"),
    ],
)
def test_bad_product_input_is_a_400_with_field_codes_and_nothing_written(
    eu, audio, vendor_client, overrides, field, code
):
    client, _ = vendor_client(eu)
    response = client.post(URL, product_body(**overrides), format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"][field][0]["code"] == code
    assert count(eu) == 0
    assert count(eu, ProductVariant) == 0


def test_duplicate_sku_is_refused(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    assert client.post(URL, product_body(), format="json").status_code == 201
    again = client.post(
        URL, product_body(slug="other", variants=[{"sku": "HDPH-1-WHT"}], sku="NEW"), format="json"
    )
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["variants"][0]["code"] == "duplicate_sku"
    same = client.post(URL, product_body(variants=[]), format="json")
    assert same.json()["error"]["fields"]["sku"][0]["code"] == "duplicate_sku"
    assert count(eu) == 1
    assert count(eu, ProductVariant) == 2


def test_update_refuses_another_products_sku(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    assert client.post(URL, product_body(), format="json").status_code == 201
    other = client.post(
        URL, product_body(slug="other", sku="NEW", variants=[{"sku": "NEW-1"}]), format="json"
    ).json()
    taken = client.patch(f"{URL}{other['id']}/", {"sku": "HDPH-1"}, format="json")
    assert taken.status_code == 400
    assert taken.json()["error"]["fields"]["sku"][0]["code"] == "duplicate_sku"
    with use_tenant(eu):
        assert Product.objects.get(pk=other["id"]).sku == "NEW"
    unchanged = client.patch(f"{URL}{other['id']}/", {"sku": "NEW"}, format="json")
    assert unchanged.status_code == 200, unchanged.json()


def test_update_replaces_translations_and_sanitises(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    product_id = client.post(URL, product_body(), format="json").json()["id"]
    response = client.patch(
        f"{URL}{product_id}/",
        {
            "name": {"en": "Studio Headphones", "de": "Studiokopfhörer"},
            "description": {
                "fr": '<p onclick="x()">Son <b>pur</b><img src=x onerror=alert(1)></p>'
            },
            "price": "249.00",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["names"] == {"en": "Studio Headphones", "de": "Studiokopfhörer"}
    assert body["descriptions"] == {"fr": "<p>Son <b>pur</b></p>"}
    assert body["price"] == "249.00"


def test_update_with_bad_input_changes_nothing(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    product_id = client.post(URL, product_body(), format="json").json()["id"]
    response = client.patch(
        f"{URL}{product_id}/", {"name": {"en": "New"}, "price": "-3"}, format="json"
    )
    assert response.status_code == 400
    with use_tenant(eu):
        product = Product.objects.get(pk=product_id)
    assert product.name["en"] == "Wireless Headphones"
    assert product.price == Decimal("299.99")


def test_vendor_never_sees_or_changes_another_vendors_product(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    with use_tenant(eu):
        theirs = ProductFactory(category=audio, price=Decimal("10.00"))
    path = f"{URL}{theirs.pk}/"
    assert client.get(path).status_code == 404
    assert client.patch(path, {"price": "1.00"}, format="json").status_code == 404
    assert client.delete(path).status_code == 404
    assert client.post(f"{path}archive/").status_code == 404
    variant_id = theirs.variants.get().pk
    assert (
        client.post(f"{path}variants/{variant_id}/stock/", {"stock": 0}, format="json").status_code
        == 404
    )
    assert client.get(URL).json()["count"] == 0
    with use_tenant(eu):
        theirs.refresh_from_db()
        assert theirs.price == Decimal("10.00")
        assert theirs.status == Product.Status.PUBLISHED
        assert theirs.variants.get().stock == 10


def test_vendor_never_reaches_a_product_of_the_other_region(
    eu, mena, audio, vendor_client, api_for
):
    client, _ = vendor_client(eu)
    with use_tenant(mena):
        theirs = ProductFactory(currency="AED", price=Decimal("10.00"))
    path = f"{URL}{theirs.pk}/"
    assert client.get(path).status_code == 404
    assert client.delete(path).status_code == 404
    with use_tenant(mena):
        assert Product.objects.filter(pk=theirs.pk).exists()


def test_anonymous_and_non_members_are_refused(eu, audio, api_for, make_user):
    assert api_for(eu).get(URL).status_code == 401
    outsider = api_for(eu, make_user(eu))
    response = outsider.post(URL, product_body(), format="json")
    assert response.status_code == 404
    assert count(eu) == 0


def test_publish_archive_and_moderation(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    product_id = client.post(URL, product_body(), format="json").json()["id"]
    published = client.post(f"{URL}{product_id}/publish/").json()
    assert published["status"] == "published"
    assert published["published_at"] is not None
    assert client.post(f"{URL}{product_id}/publish/").status_code == 409
    assert client.post(f"{URL}{product_id}/archive/").json()["status"] == "archived"
    eu.features = {**eu.features, "product_moderation": True}
    eu.save()
    from globalmarket.tenancy.selectors import clear_tenant_cache

    clear_tenant_cache()
    assert client.post(f"{URL}{product_id}/publish/").json()["status"] == "pending_review"


def test_delete_removes_an_unsold_product_and_archives_a_sold_one(eu, audio, vendor_client):
    client, vendor = vendor_client(eu)
    unsold = client.post(URL, product_body(), format="json").json()["id"]
    assert client.delete(f"{URL}{unsold}/").status_code == 204
    with use_tenant(eu):
        assert not Product.objects.filter(pk=unsold).exists()
        assert not ProductVariant.objects.filter(product_id=unsold).exists()
        # Sold means an order line points at it (the sales counter is only a metric).
        from globalmarket.dashboard.tests.helpers import make_vendor_order
        from globalmarket.orders.models import OrderLine

        sold = ProductFactory(vendor=vendor, category=audio)
        line_vo = make_vendor_order(vendor, number="EU-2026-000777")
        OrderLine.objects.filter(vendor_order=line_vo).update(product=sold)
    response = client.delete(f"{URL}{sold.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    with use_tenant(eu):
        assert Product.objects.get(pk=sold.pk).status == Product.Status.ARCHIVED


def test_variants_and_stock(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    product = client.post(URL, product_body(), format="json").json()
    pid, black = product["id"], product["variants"][0]["id"]
    added = client.post(
        f"{URL}{pid}/variants/",
        {"sku": "HDPH-1-BLU", "name": "Color", "value": "Blue", "price_modifier": "5", "stock": 3},
        format="json",
    )
    assert added.status_code == 201
    assert [v["sku"] for v in added.json()["variants"]] == [
        "HDPH-1-BLK",
        "HDPH-1-WHT",
        "HDPH-1-BLU",
    ]
    dup = client.post(f"{URL}{pid}/variants/", {"sku": "HDPH-1-BLK"}, format="json")
    assert dup.json()["error"]["fields"]["sku"][0]["code"] == "duplicate_sku"
    stock = f"{URL}{pid}/variants/{black}/stock/"
    assert client.post(stock, {"stock": 12}, format="json").status_code == 200
    assert client.post(stock, {"stock": -1}, format="json").status_code == 400
    assert client.post(stock, {"stock": 5, "expected_stock": 99}, format="json").status_code == 409
    assert (
        client.post(stock, {"delta": -13}, format="json").json()["error"]["fields"]["delta"][0][
            "code"
        ]
        == "negative_stock"
    )
    response = client.post(stock, {"delta": -2}, format="json")
    assert response.status_code == 200
    with use_tenant(eu):
        assert ProductVariant.objects.get(pk=black).stock == 10
    patched = client.patch(
        f"{URL}{pid}/variants/{black}/", {"price_modifier": "1.50"}, format="json"
    )
    assert patched.json()["variants"][0]["price"] == "301.49"
    assert client.delete(f"{URL}{pid}/variants/{black}/").status_code == 204


def _png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, "PNG")
    out.seek(0)
    out.name = "photo.png"
    return out


def test_image_upload_makes_thumbnails(eu, audio, vendor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client, _ = vendor_client(eu)
    pid = client.post(URL, product_body(), format="json").json()["id"]
    response = client.post(
        f"{URL}{pid}/images/", {"image": _png(), "alt": '{"en": "Front view"}'}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    image = response.json()["images"][0]
    assert (image["width"], image["height"], image["alt"], image["alts"]) == (
        40,
        30,
        "Front view",
        {"en": "Front view"},
    )
    assert set(image["thumbnails"]) == {"small", "medium"}
    with use_tenant(eu):
        record = ProductImage.objects.get()
    for path in [record.image.name, *record.thumbnails.values()]:
        assert (tmp_path / path).exists()
    with Image.open(tmp_path / record.thumbnails["small"]) as thumb:
        assert thumb.format == "WEBP"


@pytest.mark.parametrize("kind", ["text_named_png", "gif", "too_large"])
def test_bad_uploads_are_refused(eu, audio, vendor_client, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    client, _ = vendor_client(eu)
    pid = client.post(URL, product_body(), format="json").json()["id"]
    if kind == "text_named_png":
        upload, code = io.BytesIO(b"<?php echo 'not an image'; ?>"), "invalid_image"
    elif kind == "gif":
        upload, code = io.BytesIO(), "invalid_image"
        Image.new("RGB", (5, 5)).save(upload, "GIF")
        upload.seek(0)
    else:
        upload, code = io.BytesIO(_png().getvalue() + b"\0" * (20 * 1024 * 1024)), "image_too_large"
    upload.name = "photo.png"
    response = client.post(f"{URL}{pid}/images/", {"image": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["image"][0]["code"] == code
    assert count(eu, ProductImage) == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_catalog_changes_reach_the_search_index(eu, audio, vendor_client, run_on_commit):
    from globalmarket.search.models import SearchDocument

    client, _ = vendor_client(eu)
    with run_on_commit():
        pid = client.post(URL, product_body(), format="json").json()["id"]
    with use_tenant(eu):
        assert not SearchDocument.objects.filter(product_id=pid).exists()  # a draft is not indexed
    with run_on_commit():
        client.post(f"{URL}{pid}/publish/")
    with use_tenant(eu):
        assert SearchDocument.objects.filter(product_id=pid).exists()
    with run_on_commit():
        client.post(f"{URL}{pid}/archive/")
    with use_tenant(eu):
        assert not SearchDocument.objects.filter(product_id=pid).exists()


@pytest.mark.parametrize("n", [1, 20])
def test_vendor_list_query_count_does_not_grow_with_the_page(
    eu, vendor_client, django_assert_num_queries, n
):
    client, vendor = vendor_client(eu)
    with use_tenant(eu):
        for i in range(n):
            product = ProductFactory(vendor=vendor, slug=f"p-{i}")
            ProductImage.objects.create(product=product, image="products/a.jpg", width=1, height=1)
    # user, membership, count, page, variants, images
    with django_assert_num_queries(6, connection=connections[eu.database_alias]):
        response = client.get(f"{URL}?page_size=50")
    assert response.status_code == 200, response.json()
    assert len(response.json()["results"]) == n
    assert all(len(p["images"]) == 1 and p["variants"] for p in response.json()["results"])
