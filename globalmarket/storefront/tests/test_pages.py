"""Storefront pages rendered by Django's test client on each region's host."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from globalmarket.catalog.models import Product
from globalmarket.storefront.sample import build_shop
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def eu_shop(eu: Any) -> Any:
    with use_tenant(eu):
        return build_shop(images=False)


@pytest.fixture
def mena_shop(mena: Any) -> Any:
    with use_tenant(mena):
        return build_shop(images=False)


def client_for(tenant: Any, language: str | None = None) -> Client:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return Client(HTTP_HOST=tenant.aliases[0], **headers)


def test_home_lists_featured_deals_and_categories_in_dutch(eu: Any, eu_shop: Any) -> None:
    response = client_for(eu, "nl").get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl" dir="ltr">' in html
    assert "Draadloze koptelefoon" in html
    assert "€\xa0129,00" in html and "€\xa0159,00" in html  # deal with its compare-at price
    assert 'href="/c/electronics/"' in html and "Elektronica" in html
    assert "Welkom bij GlobalMarket Europe" in html


def test_home_hides_products_of_vendors_not_selling_and_drafts(eu: Any, eu_shop: Any) -> None:
    with use_tenant(eu):
        Vendor.objects.filter(slug="casa-bella").update(status=Vendor.Status.SUSPENDED)
        Product.objects.filter(slug="studio-monitor-headphones").update(status=Product.Status.DRAFT)
    html = client_for(eu, "en").get("/").content.decode()
    assert "Wireless headphones" in html
    assert "Espresso machine" not in html
    assert "Studio monitor headphones" not in html
    assert client_for(eu).get("/p/espresso-machine/").status_code == 404
    assert client_for(eu).get("/p/studio-monitor-headphones/").status_code == 404


def test_mena_in_arabic_is_right_to_left_with_dirham_prices(mena: Any, mena_shop: Any) -> None:
    html = client_for(mena, "ar").get("/p/wireless-headphones/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "سماعات لاسلكية" in html
    assert "د.إ.\u200f\xa0129.00" in html or "129.00\xa0د.إ.\u200f" in html
    assert "€" not in html


def test_category_filters_sort_and_subcategories(eu: Any, eu_shop: Any) -> None:
    client = client_for(eu, "en")
    html = client.get("/c/electronics/?sort=price_asc").content.decode()
    # Headphones is a subcategory of electronics: its products are listed too.
    assert (
        html.index("Smart speaker")
        < html.index("Studio monitor headphones")
        < html.index("Wireless headphones")
    )
    assert "3 products" in html
    html = client.get("/c/electronics/?on_sale=on").content.decode()
    assert "Wireless headphones" in html and "Smart speaker" in html
    assert "Studio monitor headphones" not in html and "2 products" in html
    html = client.get("/c/electronics/?min_price=60&max_price=100").content.decode()
    assert "Studio monitor headphones" in html and "1 product<" in html
    html = client.get("/c/electronics/?brand=nordlicht").content.decode()
    assert "Smart speaker" not in html and "2 products" in html


@pytest.mark.parametrize(
    "query",
    ["?sort=bogus", "?min_price=abc", "?max_price=1e999", "?brand=%00", "?page=-4", "?page=999"],
)
def test_category_bad_query_values_are_ignored_not_errors(
    eu: Any, eu_shop: Any, query: str
) -> None:
    response = client_for(eu, "en").get(f"/c/electronics/{query}")
    assert response.status_code == 200


def test_unknown_category_and_product_are_404(eu: Any, eu_shop: Any) -> None:
    assert client_for(eu).get("/c/nope/").status_code == 404
    assert client_for(eu).get("/p/nope/").status_code == 404
    page = client_for(eu, "en").get("/p/nope/").content.decode()
    assert f"<title>Page not found · {eu.name}</title>" in page  # the region's name once


def test_product_of_another_region_is_not_found(eu: Any, mena: Any, mena_shop: Any) -> None:
    with use_tenant(mena):
        Product.objects.filter(slug="smart-speaker").update(slug="only-in-mena")
    assert client_for(mena).get("/p/only-in-mena/").status_code == 200
    assert client_for(eu).get("/p/only-in-mena/").status_code == 404


def test_product_page_variant_stock_vat_and_shipping(eu: Any, eu_shop: Any) -> None:
    client = client_for(eu, "en")
    html = client.get("/p/wireless-headphones/").content.decode()
    assert "Sold by Klankwerk Audio" in html
    assert "Including VAT" in html
    assert "In stock" in html  # Black: 25 units
    assert "Free shipping" in html  # 129.00 is over the vendor's free-shipping threshold
    assert "Delivered in 1\u20133 business days" in html
    white = eu_shop.products["wireless-headphones"].variants.get(option_value="White")
    html = client.get(f"/p/wireless-headphones/?variant={white.pk}").content.decode()
    assert "Only 3 left" in html
    assert f'value="{white.pk}" data-autosubmit checked' in html
    html = client.get("/p/smart-speaker/").content.decode()
    assert "Shipping: €4.95" in html and "Delivered in 2\u20134 business days" in html


def test_shipping_follows_the_country_cookie_and_unavailable_countries(
    eu: Any, eu_shop: Any
) -> None:
    with use_tenant(eu):
        Product.objects.filter(slug="smart-speaker").update(available_in_countries=["NL"])
    client = client_for(eu, "en")
    assert "Delivering to Netherlands" in client.get("/p/smart-speaker/").content.decode()
    response = client.post("/country/", {"country": "de", "next": "/p/smart-speaker/"})
    assert response.status_code == 302 and response["Location"] == "/p/smart-speaker/"
    assert client.cookies["gm_country"].value == "DE"
    html = client.get("/p/smart-speaker/").content.decode()
    assert "Not available for delivery to your country." in html


def test_set_country_rejects_other_regions_countries_and_foreign_redirects(eu: Any) -> None:
    client = client_for(eu)
    response = client.post("/country/", {"country": "AE", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "gm_country" not in response.cookies
    assert client.get("/country/").status_code == 405


def test_language_switcher_sets_the_language_cookie(eu: Any, eu_shop: Any) -> None:
    client = client_for(eu, "en")
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/c/electronics/"})
    assert response.status_code == 302 and response["Location"] == "/c/electronics/"
    html = client.get("/c/electronics/").content.decode()
    assert '<html lang="de"' in html and "Kabellose Kopfhörer" in html


def test_pages_send_a_content_security_policy(eu: Any, eu_shop: Any) -> None:
    response = client_for(eu).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def _region_queries(django_assert_num_queries: Any, tenant: Any, count: int) -> Any:
    return django_assert_num_queries(count, connection=connections[tenant.database_alias])


def test_home_query_count_does_not_grow_with_products(
    eu: Any, django_assert_num_queries: Any
) -> None:
    with use_tenant(eu):
        build_shop(extra_products=30, images=False)
    client = client_for(eu, "en")
    # featured, deals, new arrivals: one product query + one image prefetch each (+ categories)
    with _region_queries(django_assert_num_queries, eu, 7):
        assert client.get("/").status_code == 200
    with _region_queries(django_assert_num_queries, eu, 0):  # served from the cache
        assert "Wireless headphones" in client.get("/").content.decode()


def test_category_and_product_query_counts(
    eu: Any, eu_shop: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(eu, "en")
    client.get("/")
    # category, children, brands, count, page of products, images (a top category: no ancestors)
    with _region_queries(django_assert_num_queries, eu, 6):
        assert client.get("/c/electronics/").status_code == 200
    with _region_queries(django_assert_num_queries, eu, 1):  # the category; the rest is cached
        assert client.get("/c/electronics/").status_code == 200
    with _region_queries(django_assert_num_queries, eu, 6):  # another filter: another entry
        assert client.get("/c/electronics/?sort=rating").status_code == 200
    # product (+vendor, category, brand), variants, images, category ancestors
    with _region_queries(django_assert_num_queries, eu, 4):
        assert client.get("/p/wireless-headphones/").status_code == 200


def test_price_filter_amounts_are_decimal(eu: Any, eu_shop: Any) -> None:
    from globalmarket.storefront.forms import ProductFilterForm

    form = ProductFilterForm({"min_price": "10.50"})
    assert form.filters().min_price == Decimal("10.50")


def test_a_catalog_change_is_shown_at_once_despite_the_cache(eu: Any, eu_shop: Any) -> None:
    from globalmarket.catalog.services import product_update

    client = client_for(eu, "en")
    assert "Wireless headphones" in client.get("/c/electronics/").content.decode()
    with use_tenant(eu):
        product = Product.objects.get(slug="wireless-headphones")
        product_update(product=product, data={"name": {"en": "Noise-cancelling headphones"}})
    html = client.get("/c/electronics/").content.decode()
    assert "Noise-cancelling headphones" in html and "Wireless headphones" not in html
    assert "Noise-cancelling headphones" in client.get("/").content.decode()


def test_variant_options_are_shown_in_the_shoppers_language(eu: Any, eu_shop: Any) -> None:
    html = client_for(eu, "de").get("/p/wireless-headphones/").content.decode()
    assert (
        "<legend>Farbe</legend>" in html
        and "<span>Schwarz</span>" in html
        and "<span>Weiß</span>" in html
    )


def test_register_errors_are_in_the_shoppers_language_and_keep_input(
    eu: Any, make_user: Any
) -> None:
    make_user(eu, email="taken@example.test")
    client = client_for(eu, "de")
    response = client.post("/account/register/", {"full_name": "Jan Jansen", "email": "taken@example.test",
                                                  "password": "a-long-enough-password-42"})  # fmt: skip
    html = response.content.decode()
    assert 'id="id_email_error">Es gibt bereits ein Konto mit dieser E-Mail-Adresse.' in html
    assert 'value="Jan Jansen"' in html
    response = client.post(
        "/account/register/",
        {"full_name": "Jan", "email": "jan@example.test", "password": "12345678901"},
    )
    assert (
        'id="id_password_error">Dieses Passwort besteht nur aus Ziffern.'
        in response.content.decode()
    )


@pytest.mark.django_db
def test_brand_filters_list_only_brands_a_shopper_can_buy(in_eu: Any) -> None:
    from globalmarket.catalog.tests.factories import BrandFactory, ProductFactory
    from globalmarket.storefront.selectors import brands_in
    from globalmarket.vendors.models import Vendor
    from globalmarket.vendors.tests.factories import VendorFactory

    open_brand, hidden_brand = BrandFactory(name="Open"), BrandFactory(name="Hidden")
    ProductFactory(brand=open_brand)
    ProductFactory(brand=hidden_brand, vendor=VendorFactory(status=Vendor.Status.SUSPENDED))
    assert [b.name for b in brands_in(category=None)] == ["Open"]
