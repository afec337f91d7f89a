import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from globalmarket.accounts.roles import VendorRole
from globalmarket.catalog.models import Product, ProductImage
from globalmarket.catalog.tests.factories import CategoryFactory
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor, VendorMember
from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db


def client_as(tenant: Any, make_user: Any, email: str) -> Client:
    make_user(tenant, email=email, password="correct-horse-42")
    client = Client(HTTP_HOST=tenant.aliases[0], HTTP_ACCEPT_LANGUAGE="en")
    assert (
        client.post("/account/login/", {"email": email, "password": "correct-horse-42"}).status_code
        == 302
    )
    return client


APPLICATION = {"name": "Klankwerk Audio", "legal_form": "B.V.", "vat_number": "NL004495445B01", "country": "NL",
               "street": "Damrak 1", "postal_code": "1012 LG", "city": "Amsterdam",
               "contact_email": "hello@klankwerk.test", "contact_phone": "+31201234567",
               "iban": "NL91ABNA0417164300", "bic": "ABNANL2A", "account_holder": "Klankwerk Audio B.V."}  # fmt: skip


def test_apply_to_sell_creates_a_pending_shop_owned_by_the_user(eu: Any, make_user: Any) -> None:
    client = client_as(eu, make_user, "founder@klankwerk.test")
    assert client.get("/vendor/apply/").status_code == 200
    response = client.post("/vendor/apply/", APPLICATION)
    assert response.status_code == 302 and response["Location"] == "/vendor/"
    with use_tenant(eu):
        vendor = Vendor.objects.get()
        assert vendor.status == "pending" and vendor.iban_last4 == "4300"
        assert VendorMember.objects.get().role == VendorRole.OWNER
    html = client.get("/vendor/").content.decode()
    assert "Your shop is not selling yet" in html


def test_apply_errors_are_shown_next_to_fields_and_nothing_is_created(
    eu: Any, make_user: Any
) -> None:
    client = client_as(eu, make_user, "founder@klankwerk.test")
    response = client.post(
        "/vendor/apply/", {**APPLICATION, "iban": "NL00BANK0000000000", "contact_email": "nope"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_contact_email_error"' in html
    assert 'value="Klankwerk Audio"' in html
    response = client.post("/vendor/apply/", {**APPLICATION, "iban": "NL00BANK0000000000"})
    assert response.status_code == 400 and 'id="id_iban_error"' in response.content.decode()
    with use_tenant(eu):
        assert Vendor.objects.count() == 0


@pytest.fixture
def seller(eu: Any, make_user: Any) -> tuple[Client, Any]:
    client = client_as(eu, make_user, "owner@shop.test")
    with use_tenant(eu):
        vendor = VendorFactory(slug="klankwerk")
        from globalmarket.accounts.models import User

        VendorMemberFactory(
            vendor=vendor, user=User.objects.get(email="owner@shop.test"), role=VendorRole.OWNER
        )
        CategoryFactory(slug="audio", name={"en": "Audio", "nl": "Audio"})
    return client, vendor


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("speaker.png", buffer.getvalue(), content_type="image/png")


def test_vendor_creates_a_product_with_a_tab_per_language_and_an_image(
    eu: Any, seller: Any
) -> None:
    client, vendor = seller
    html = client.get("/vendor/products/new/").content.decode()
    for code in ("en", "nl", "de", "fr"):
        assert f'id="panel-{code}"' in html
    response = client.post("/vendor/products/new/", {
        "sku": "SPK-1", "category": "audio", "price": "59.00", "stock": "12",
        "name_en": "Smart speaker", "name_nl": "Slimme speaker", "description_en": "<p>Loud</p><script>x</script>",
        "image": _png(),
    })  # fmt: skip
    assert response.status_code == 302
    with use_tenant(eu):
        product = Product.objects.get(vendor=vendor)
        assert product.name == {"en": "Smart speaker", "nl": "Slimme speaker"}
        assert "<script>" not in product.description["en"]
        assert product.status == "draft" and product.variants.get().stock == 12
        assert ProductImage.objects.filter(product=product).count() == 1
    response = client.post(f"/vendor/products/{product.pk}/", {"action": "publish"})
    with use_tenant(eu):
        product.refresh_from_db()
    assert product.status == "published"
    variant = product.variants.get()
    client.post(
        f"/vendor/products/{product.pk}/", {"action": "stock", "variant": variant.pk, "stock": "3"}
    )
    with use_tenant(eu):
        variant.refresh_from_db()
    assert variant.stock == 3


def test_product_form_errors_keep_input_and_write_nothing(eu: Any, seller: Any) -> None:
    client, _vendor = seller
    response = client.post("/vendor/products/new/", {"sku": "SPK-1", "category": "audio", "price": "-1",
                                                     "stock": "1", "name_en": "Speaker"})  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_price_error"' in html and 'value="Speaker"' in html
    response = client.post(
        "/vendor/products/new/", {"sku": "SPK-1", "category": "audio", "price": "5", "stock": "1"}
    )
    assert response.status_code == 400 and 'id="id_name_en_error"' in response.content.decode()
    with use_tenant(eu):
        assert Product.objects.count() == 0


def test_another_vendors_product_is_not_found(eu: Any, seller: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory

    client, _vendor = seller
    with use_tenant(eu):
        other = ProductFactory(status=Product.Status.DRAFT)
    assert client.get(f"/vendor/products/{other.pk}/").status_code == 404
    assert client.post(f"/vendor/products/{other.pk}/", {"action": "publish"}).status_code == 404
    with use_tenant(eu):
        other.refresh_from_db()
    assert other.status == Product.Status.DRAFT


def test_vendor_adds_and_removes_variants_from_the_product_page(eu: Any, seller: Any) -> None:
    from globalmarket.audit.models import AuditLog
    from globalmarket.catalog.models import ProductVariant
    from globalmarket.catalog.tests.factories import ProductFactory

    client, vendor = seller
    with use_tenant(eu):
        product = ProductFactory(vendor=vendor, variants=[{"sku": "HP-BLK", "option_name": "Color",
                                                           "option_value": "Black", "stock": 3}])  # fmt: skip
    url = f"/vendor/products/{product.pk}/"
    added = client.post(url, {"action": "variant_add", "sku": "HP-WHT", "option_name": "Color",
                              "option_value": "White", "price_modifier": "10.00", "stock": "7"})  # fmt: skip
    assert added.status_code == 302
    with use_tenant(eu):
        white = ProductVariant.objects.get(product=product, sku="HP-WHT")
        assert (white.option_value, white.stock, white.price) == ("White", 7, product.price + 10)
        assert (
            AuditLog.objects.filter(action="variant.create", actor_email="owner@shop.test").count()
            == 1
        )
    page = client.get(url).content.decode()
    assert "HP-WHT" in page and 'value="variant_delete"' in page

    # A duplicate SKU is refused with its reason and writes nothing.
    duplicate = client.post(
        url, {"action": "variant_add", "sku": "HP-BLK", "stock": "1"}, follow=True
    )
    with use_tenant(eu):
        assert ProductVariant.objects.filter(product=product).count() == 2
    assert "SKU HP-BLK is already used." in duplicate.content.decode()

    removed = client.post(url, {"action": "variant_delete", "variant": white.pk})
    assert removed.status_code == 302
    with use_tenant(eu):
        assert list(
            ProductVariant.objects.filter(product=product).values_list("sku", flat=True)
        ) == ["HP-BLK"]
    # The last variant stays: a product keeps at least one.
    with use_tenant(eu):
        black = ProductVariant.objects.get(product=product)
    last = client.post(url, {"action": "variant_delete", "variant": black.pk}, follow=True)
    assert "A product keeps at least one variant." in last.content.decode()
    with use_tenant(eu):
        assert ProductVariant.objects.filter(product=product).count() == 1


def test_variants_of_another_vendors_product_cannot_be_touched(eu: Any, seller: Any) -> None:
    from globalmarket.catalog.models import ProductVariant
    from globalmarket.catalog.tests.factories import ProductFactory

    client, _vendor = seller
    with use_tenant(eu):
        other = ProductFactory()
        variant = other.variants.get()
    assert (
        client.post(
            f"/vendor/products/{other.pk}/", {"action": "variant_add", "sku": "X-1"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/vendor/products/{other.pk}/", {"action": "variant_delete", "variant": variant.pk}
        ).status_code
        == 404
    )
    with use_tenant(eu):
        assert ProductVariant.objects.filter(product=other).count() == 1


def test_a_variant_of_another_product_is_not_found_on_the_own_product_page(
    eu: Any, seller: Any
) -> None:
    from globalmarket.catalog.models import ProductVariant
    from globalmarket.catalog.tests.factories import ProductFactory

    client, vendor = seller
    with use_tenant(eu):
        own = ProductFactory(vendor=vendor)
        foreign = ProductFactory().variants.get()
        stock = foreign.stock
    url = f"/vendor/products/{own.pk}/"
    assert (
        client.post(url, {"action": "stock", "variant": foreign.pk, "stock": "0"}).status_code
        == 404
    )
    assert client.post(url, {"action": "variant_delete", "variant": foreign.pk}).status_code == 404
    with use_tenant(eu):
        assert ProductVariant.objects.get(pk=foreign.pk).stock == stock
