import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from globalmarket.catalog.models import Product, ProductVariant
from globalmarket.catalog.tests.factories import BrandFactory
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
SEED = Path(__file__).parents[1] / "fixtures" / "seed_product.jsonc"
CSV_URL = "/api/v1/vendor/products/import/shopify-csv/"
HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,"
    "Variant SKU,Variant Price,Variant Compare At Price,Variant Inventory Qty,Image Src,"
    "Image Alt Text,SEO Title,SEO Description\n"
)
GOOD = (
    'desk-lamp,Desk Lamp,"<p>Warm <script>x()</script>light</p>",Lumina,Audio,"lamp, desk",TRUE,Color,Black,LAMP-BLK,49.95,59.95,10,https://cdn.example/lamp.jpg,Lamp front,Desk Lamp | Shop,A warm lamp\n'
    "desk-lamp,,,,,,,,White,LAMP-WHT,54.95,,4,,,,\n"
    "wall-clock,Wall Clock,<p>Tick</p>,,Audio,,FALSE,Title,Default Title,CLOCK-1,20.00,,3,,,,\n"
)


def products(tenant):
    with use_tenant(tenant):
        return sorted(Product.objects.values_list("slug", flat=True))


def test_seed_document_imports_exactly_as_printed(eu, audio, vendor_client):
    client, vendor = vendor_client(eu, slug="audiotech")
    response = client.post(
        "/api/v1/vendor/products/import/seed-json/",
        SEED.read_bytes(),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"][0]["slug"] == "premium-wireless-headphones"
    assert body["created"][0]["status"] == "published"
    assert len(body["warnings"]) == 2  # two image URLs recorded, not downloaded
    with use_tenant(eu):
        product = Product.objects.get(slug="premium-wireless-headphones")
        assert product.vendor == vendor
        assert product.category == audio
        assert product.brand.name == "AudioTech"
        assert (product.price, product.compare_at_price, product.cost_price) == (
            Decimal("299.99"),
            Decimal("399.99"),
            Decimal("150.00"),
        )
        assert product.name["de"] == "Premium kabellose Kopfhörer"
        assert product.seo["en"]["keywords"] == ["wireless", "headphones", "audio", "premium"]
        assert product.shipping_info["DE"] == {
            "shipping_cost": "5.99",
            "delivery_days_min": 2,
            "delivery_days_max": 4,
        }
        assert (product.views, product.sales_count, product.rating_avg) == (
            1250,
            45,
            Decimal("4.70"),
        )
        assert [
            (v.option_value, v.sku, v.stock, v.price) for v in product.variants.order_by("position")
        ] == [
            ("Black", "HDPH-WL-001-BLK", 80, Decimal("299.99")),
            ("White", "HDPH-WL-001-WHT", 70, Decimal("309.99")),
        ]
        assert product.source["image_urls"][0]["url"].endswith("hdph-wl-001-1.jpg")
    again = client.post(
        "/api/v1/vendor/products/import/seed-json/",
        SEED.read_bytes(),
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["sku"][0]["code"] == "duplicate_sku"
    assert products(eu) == ["premium-wireless-headphones"]


def test_seed_import_command(eu, audio, vendor_client):
    vendor_client(eu, slug="audiotech")
    out = io.StringIO()
    call_command(
        "import_product_json",
        "--tenant",
        "eu",
        "--vendor",
        "audiotech",
        str(SEED),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "created premium-wireless-headphones (published)" in out.getvalue()
    with pytest.raises(CommandError, match="duplicate_sku"):
        call_command(
            "import_product_json", "--tenant", "eu", "--vendor", "audiotech", str(SEED), stdout=out
        )


def test_seed_import_rejects_unknown_category_and_bad_json(eu, vendor_client):
    client, _ = vendor_client(eu)
    url = "/api/v1/vendor/products/import/seed-json/"
    response = client.post(url, SEED.read_bytes(), content_type="application/json")
    assert response.json()["error"]["fields"]["category_id"][0]["code"] == "unknown_category"
    broken = client.post(url, b'{"sku": ', content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["error"]["fields"]["document"][0]["code"] == "parse_error"
    assert products(eu) == []


def _upload(client, content, **extra):
    return client.post(CSV_URL, {"file": io.BytesIO(content.encode()), **extra}, format="multipart")


def test_shopify_csv_import(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    with use_tenant(eu):
        BrandFactory(name="Lumina", slug="lumina")
    response = _upload(client, HEADER + GOOD)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(p["slug"], p["status"], p["row"]) for p in body["created"]] == [
        ("desk-lamp", "published", 2),
        ("wall-clock", "draft", 4),
    ]
    assert body["warnings"] == [
        {
            "row": 2,
            "column": "Image Src",
            "code": "not_downloaded",
            "message": "Image URLs are recorded, not downloaded (no network).",
        }
    ]
    with use_tenant(eu):
        lamp = Product.objects.get(slug="desk-lamp")
        assert lamp.description == {"en": "<p>Warm light</p>"}
        assert lamp.brand.slug == "lumina"
        assert (lamp.price, lamp.compare_at_price) == (Decimal("49.95"), Decimal("59.95"))
        assert [
            (v.sku, v.option_name, v.option_value, v.price, v.stock)
            for v in lamp.variants.order_by("position")
        ] == [
            ("LAMP-BLK", "Color", "Black", Decimal("49.95"), 10),
            ("LAMP-WHT", "Color", "White", Decimal("54.95"), 4),
        ]
        assert lamp.seo == {
            "en": {
                "meta_title": "Desk Lamp | Shop",
                "meta_description": "A warm lamp",
                "keywords": ["lamp", "desk"],
            }
        }
        clock = Product.objects.get(slug="wall-clock")
        assert [(v.sku, v.option_value, v.stock) for v in clock.variants.all()] == [
            ("CLOCK-1", "", 3)
        ]


BROKEN = (
    "good-one,Good,<p>ok</p>,,Audio,,TRUE,Title,Default Title,G-1,10.00,,1,,,,\n"
    "bad-price,Bad,<p>x</p>,,Audio,,TRUE,Title,Default Title,B-1,-5,,1,,,,\n"
    "bad-qty,Bad qty,<p>x</p>,,Nowhere,,TRUE,Title,Default Title,B-2,abc,,many,,,,\n"
    ",Orphan,,,,,,,,,1.00,,,,,,\n"
)


def test_broken_csv_rows_are_reported_per_row_and_column_and_nothing_is_imported(
    eu, audio, vendor_client
):
    client, _ = vendor_client(eu)
    response = _upload(client, HEADER + BROKEN)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_import"
    assert [(r["row"], r["column"], r["code"]) for r in error["rows"]] == [
        (3, "Variant Price", "negative_amount"),
        (4, "Type", "unknown_category"),
        (4, "Variant Inventory Qty", "invalid"),
        (4, "Variant Price", "invalid_amount"),
        (5, "Handle", "required"),
    ]
    assert error["fields"]["rows.3.Variant Price"][0]["code"] == "negative_amount"
    assert products(eu) == []
    with use_tenant(eu):
        assert ProductVariant.objects.count() == 0


def test_valid_only_imports_the_good_products_and_reports_the_rest(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    response = _upload(client, HEADER + BROKEN, valid_only="true")
    assert response.status_code == 201
    assert [p["slug"] for p in response.json()["created"]] == ["good-one"]
    assert len(response.json()["skipped"]) == 5
    assert products(eu) == ["good-one"]


def test_csv_duplicate_sku_against_existing_products(eu, audio, vendor_client):
    client, _ = vendor_client(eu)
    assert _upload(client, HEADER + GOOD).status_code == 201
    again = _upload(
        client,
        HEADER + GOOD.replace("desk-lamp", "desk-lamp-2").replace("wall-clock", "wall-clock-2"),
    )
    assert again.status_code == 400
    assert {(r["row"], r["column"], r["code"]) for r in again.json()["error"]["rows"]} == {
        (2, "Variant SKU", "duplicate_sku"),
        (4, "Variant SKU", "duplicate_sku"),
    }
    assert products(eu) == ["desk-lamp", "wall-clock"]


@pytest.mark.parametrize(
    ("content", "code"), [("Name,Price\nx,1\n", "missing_columns"), ("\x00\xff", "missing_columns")]
)
def test_csv_that_is_not_a_shopify_export(eu, audio, vendor_client, content, code):
    client, _ = vendor_client(eu)
    response = _upload(client, content)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"][0]["code"] == code


def test_shopify_csv_command_with_progress(eu, audio, vendor_client, tmp_path):
    vendor_client(eu, slug="audiotech")
    path = tmp_path / "products_export.csv"
    path.write_text(HEADER + GOOD)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_shopify_csv",
        "--tenant",
        "eu",
        "--vendor",
        "audiotech",
        str(path),
        stdout=out,
        stderr=err,
    )
    assert "imported 2 product(s)" in out.getvalue()
    assert "Importing" in err.getvalue()  # the tqdm progress bar
    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + BROKEN)
    with pytest.raises(CommandError, match=r"rows\.3\.Variant Price: negative_amount"):
        call_command(
            "import_shopify_csv",
            "--tenant",
            "eu",
            "--vendor",
            "audiotech",
            str(broken),
            stdout=out,
            stderr=err,
        )
