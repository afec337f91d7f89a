"""Cart, checkout and orders through the pages, on the real services (test client)."""

from typing import Any

import pytest
from django.test import Client

from globalmarket.accounts.roles import VendorRole
from globalmarket.cart.models import CartLine
from globalmarket.orders.models import Order, VendorOrder
from globalmarket.payments.models import SandboxCharge
from globalmarket.storefront.sample import build_shop
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import VendorMember

pytestmark = pytest.mark.django_db

ADDRESS = {"full_name": "Anna de Vries", "street": "Damrak", "house_number": "1", "postal_code": "1012 LG",
           "city": "Amsterdam", "country": "NL", "phone": "+31612345678"}  # fmt: skip


@pytest.fixture
def shop(eu: Any) -> Any:
    with use_tenant(eu):
        return build_shop(images=False)


def variant(shop: Any, slug: str) -> Any:
    return shop.products[slug].variants.order_by("position").first()


def sign_in(client: Client, email: str) -> None:
    response = client.post("/account/login/", {"email": email, "password": "correct-horse-42"})
    assert response.status_code == 302


def test_anonymous_cart_is_grouped_by_vendor_and_kept_at_sign_in(
    eu: Any, shop: Any, make_user: Any
) -> None:
    make_user(eu, email="anna@example.test")
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/cart/add/",
        {
            "variant": variant(shop, "wireless-headphones").pk,
            "quantity": 2,
            "next": "/p/wireless-headphones/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/p/wireless-headphones/"
    assert client.cookies["cart_token"].value
    response = client.post("/cart/add/", {"variant": variant(shop, "smart-speaker").pk, "quantity": 1},
                           HTTP_ACCEPT="application/json")  # fmt: skip
    assert response.json() == {"cart_count": 3, "message": "Added to your cart."}
    html = client.get("/cart/").content.decode()
    assert "Sold by Klankwerk Audio" in html and "Sold by Casa Bella" in html
    assert "€258.00" in html  # 2 x 129.00
    assert "Shipping: €4.95" in html  # Casa Bella's rate; Klankwerk ships free
    assert "€321.95" in html  # 258.00 + 59.00 + 4.95
    assert '<span class="badge" data-cart-count>3</span>' in html
    sign_in(client, "anna@example.test")
    assert '<span class="badge" data-cart-count>3</span>' in client.get("/").content.decode()


def test_anonymous_cart_is_kept_at_sign_up(eu: Any, shop: Any) -> None:
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.post("/cart/add/", {"variant": variant(shop, "smart-speaker").pk, "quantity": 2})
    response = client.post("/account/register/", {"full_name": "Bram", "email": "bram@example.test",
                                                  "password": "correct-horse-42"})  # fmt: skip
    assert response.status_code == 302
    assert '<span class="badge" data-cart-count>2</span>' in client.get("/").content.decode()
    with use_tenant(eu):
        assert list(CartLine.objects.values_list("cart__user__email", "quantity")) == [
            ("bram@example.test", 2)
        ]


def test_cart_rejects_bad_input_without_writing(eu: Any, shop: Any) -> None:
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    blue = shop.products["wireless-headphones"].variants.get(option_value="Blue")  # out of stock
    for data in ({"variant": blue.pk, "quantity": 1}, {"variant": "x", "quantity": 1},
                 {"variant": 99999999, "quantity": 1}, {"variant": blue.pk, "quantity": -3}):  # fmt: skip
        response = client.post("/cart/add/", data, HTTP_ACCEPT="application/json")
        assert response.status_code in (400, 404, 409), data
        assert "error" in response.json()
    with use_tenant(eu):
        assert CartLine.objects.count() == 0


def test_checkout_with_the_sandbox_card_then_the_order_is_paid(
    eu: Any, shop: Any, make_user: Any, run_on_commit: Any
) -> None:
    make_user(eu, email="anna@example.test")
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, "anna@example.test")
    client.post("/cart/add/", {"variant": variant(shop, "wireless-headphones").pk, "quantity": 1})
    client.post("/cart/add/", {"variant": variant(shop, "espresso-machine").pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    assert 'value="card"' in html and 'value="ideal"' in html and 'value="cod"' in html
    with run_on_commit():
        response = client.post("/checkout/", {**ADDRESS, "payment_method": "card"})
    assert response.status_code == 302 and response["Location"].startswith("/payments/sandbox/")
    with use_tenant(eu):
        order = Order.objects.get()
        assert order.status == "pending" and order.vendor_orders.count() == 2
        charge = SandboxCharge.objects.get()
    with run_on_commit():
        response = client.post(response["Location"], {"action": "approve"})
    assert (
        response.status_code == 302 and response["Location"] == f"/orders/{order.number}/payment/"
    )
    html = client.get(f"/account/orders/{order.number}/").content.decode()
    assert 'data-payment-status="paid"' in html
    assert "Sold by Klankwerk Audio" in html and "Sold by Casa Bella" in html
    with use_tenant(eu):
        charge.refresh_from_db()
        assert charge.status == "succeeded"
    assert f"/account/orders/{order.number}/" in client.get("/account/orders/").content.decode()


def test_checkout_errors_are_shown_next_to_fields_and_nothing_is_ordered(
    eu: Any, shop: Any, make_user: Any
) -> None:
    make_user(eu, email="anna@example.test")
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="nl")
    sign_in(client, "anna@example.test")
    client.post("/cart/add/", {"variant": variant(shop, "smart-speaker").pk, "quantity": 1})
    response = client.post(
        "/checkout/", {**ADDRESS, "postal_code": "ABC", "street": "", "payment_method": "cod"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_street_error"' in html and 'id="id_postal_code_error"' in html
    assert 'value="Anna de Vries"' in html  # what was typed is kept
    with use_tenant(eu):
        assert Order.objects.count() == 0


def test_cash_on_delivery_then_vendor_ships_and_shopper_sees_tracking(
    eu: Any, shop: Any, make_user: Any, run_on_commit: Any
) -> None:
    make_user(eu, email="anna@example.test")
    seller = make_user(eu, email="seller@klankwerk.test")
    with use_tenant(eu):
        VendorMember.objects.create(vendor=shop.vendors[0], user=seller, role=VendorRole.OWNER)
    shopper = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    sign_in(shopper, "anna@example.test")
    shopper.post("/cart/add/", {"variant": variant(shop, "wireless-headphones").pk, "quantity": 1})
    with run_on_commit():
        response = shopper.post("/checkout/", {**ADDRESS, "payment_method": "cod"})
    with use_tenant(eu):
        order = Order.objects.get()
        vo = VendorOrder.objects.get(order=order)
    assert response["Location"] == f"/account/orders/{order.number}/"
    assert order.status == "confirmed" and order.payment_status == "cod"

    vendor = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    sign_in(vendor, "seller@klankwerk.test")
    assert vo.number in vendor.get("/vendor/orders/").content.decode()
    with run_on_commit():
        assert vendor.post(f"/vendor/orders/{vo.number}/accept/").status_code == 302
        response = vendor.post(
            f"/vendor/orders/{vo.number}/ship/",
            {"carrier": "postnl", "tracking_number": "3SABCD1234567"},
        )
    assert response.status_code == 302
    html = vendor.get(f"/vendor/orders/{vo.number}/").content.decode()
    assert "Shipped" in html and "3SABCD1234567" in html
    html = shopper.get(f"/account/orders/{order.number}/").content.decode()
    assert (
        "3SABCD1234567" in html
        and "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012LG" in html
    )


def test_orders_of_other_customers_are_not_found(
    eu: Any, shop: Any, make_user: Any, run_on_commit: Any
) -> None:
    make_user(eu, email="anna@example.test")
    make_user(eu, email="bob@example.test")
    anna = Client(HTTP_HOST="eu.localhost")
    sign_in(anna, "anna@example.test")
    anna.post("/cart/add/", {"variant": variant(shop, "smart-speaker").pk, "quantity": 1})
    with run_on_commit():
        anna.post("/checkout/", {**ADDRESS, "payment_method": "cod"})
    with use_tenant(eu):
        order = Order.objects.get()
        number = order.number
        before = _state(order)
    bob = Client(HTTP_HOST="eu.localhost")
    sign_in(bob, "bob@example.test")
    assert bob.get(f"/account/orders/{number}/").status_code == 404
    assert bob.post(f"/account/orders/{number}/return/", {"reason": "x"}).status_code == 404
    assert number not in bob.get("/account/orders/").content.decode()
    # Bob's return request changed nothing: same statuses, no new timeline entry.
    with use_tenant(eu):
        assert _state(order) == before


def _state(order: Any) -> tuple[Any, ...]:
    from globalmarket.orders.models import OrderEvent

    order.refresh_from_db()
    return (
        order.status,
        sorted(VendorOrder.objects.filter(order=order).values_list("number", "status")),
        list(
            OrderEvent.objects.filter(order=order).order_by("id").values_list("id", "kind", "note")
        ),
    )


def test_address_forms_have_exactly_the_cart_address_fields() -> None:
    from globalmarket.cart.addresses import FIELDS
    from globalmarket.storefront.checkout_web import CheckoutForm
    from globalmarket.storefront.orders_web import AddressForm

    address_book = AddressForm(countries=[("NL", "Netherlands")])
    checkout = CheckoutForm(countries=[("NL", "Netherlands")], methods=[], addresses=[])
    assert set(address_book.fields) == {"label", *FIELDS}
    assert set(FIELDS) <= set(checkout.fields)
    assert [n for n in address_book.fields if address_book.fields[n].required] == [
        "full_name", "street", "city", "country", "phone"]  # fmt: skip


def test_saved_addresses_keep_company_and_second_line(eu: Any, make_user: Any) -> None:
    from globalmarket.cart.models import Address

    user = make_user(eu, email="anna@example.test")
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, "anna@example.test")
    response = client.post(
        "/account/addresses/", {**ADDRESS, "company": "Klankwerk BV", "street2": "3rd floor"}
    )
    assert response.status_code == 302
    with use_tenant(eu):
        address = Address.objects.get(user=user)
    assert (address.company, address.street2, address.postal_code) == (
        "Klankwerk BV", "3rd floor", "1012 LG")  # fmt: skip


def test_cart_shows_a_vendor_that_does_not_ship_to_the_country_and_offers_no_checkout(
    eu: Any, shop: Any
) -> None:
    with use_tenant(eu):
        casa_bella = shop.vendors[1]
        casa_bella.shipping_rates = {}
        casa_bella.save(update_fields=["shipping_rates"])
    client = Client(HTTP_HOST="eu.localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.post("/cart/add/", {"variant": variant(shop, "smart-speaker").pk, "quantity": 1})
    html = client.get("/cart/").content.decode()
    assert "Sold by Casa Bella" in html
    assert "Not available for delivery to your country." in html
    assert 'href="/checkout/"' not in html
