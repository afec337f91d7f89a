"""Cart API: anonymous token, signed-in cart, changes since added, limits, merge at sign-in."""

from decimal import Decimal
from typing import Any

import pytest

from globalmarket.cart.models import Cart, CartLine
from globalmarket.catalog.models import Product
from globalmarket.orders.tests.factories import make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
ITEMS = "/api/v1/cart/items/"


def _counts(tenant: Any) -> tuple[int, int]:
    with use_tenant(tenant):
        return Cart.objects.count(), CartLine.objects.count()


def test_anonymous_cart_gets_a_token_and_groups_by_vendor(eu, api_for) -> None:
    with use_tenant(eu):
        a = make_variant(price="10.00", vendor=make_vendor(name="Alpha"), stock=5)
        b = make_variant(price="2.50", vendor=make_vendor(name="Beta"))
    client = api_for(eu)
    assert client.get("/api/v1/cart/").json()["vendors"] == []
    created = client.post(ITEMS, {"variant": a.pk, "quantity": 2}, format="json")
    assert created.status_code == 201
    token = created["X-Cart-Token"]
    assert created.json()["token"] == token
    client.post(ITEMS, {"variant": b.pk, "quantity": 1}, format="json", HTTP_X_CART_TOKEN=token)
    client.post(ITEMS, {"variant": a.pk, "quantity": 1}, format="json", HTTP_X_CART_TOKEN=token)
    cart = client.get("/api/v1/cart/", HTTP_X_CART_TOKEN=token).json()
    assert [(g["vendor"]["name"], g["subtotal"]) for g in cart["vendors"]] == [
        ("Alpha", "30.00"),
        ("Beta", "2.50"),
    ]
    assert (cart["subtotal"], cart["item_count"], cart["has_issues"]) == ("32.50", 4, False)
    assert cart["vendors"][0]["lines"][0]["max_quantity"] == 5
    # Without the token it is someone else's (empty) cart.
    assert api_for(eu).get("/api/v1/cart/").json()["subtotal"] == "0.00"
    assert _counts(eu) == (1, 2)


def test_cart_says_what_changed_since_added(eu, make_user, api_for) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        cheap, scarce, gone = make_variant(price="10.00"), make_variant(stock=5), make_variant()
    client = api_for(eu, shopper)
    for variant, quantity in ((cheap, 1), (scarce, 4), (gone, 1)):
        assert (
            client.post(
                ITEMS, {"variant": variant.pk, "quantity": quantity}, format="json"
            ).status_code
            == 201
        )
    with use_tenant(eu):
        Product.objects.filter(pk=cheap.product_id).update(price=Decimal("12.00"))
        scarce.stock = 2
        scarce.save()
        Product.objects.filter(pk=gone.product_id).update(status=Product.Status.ARCHIVED)
    lines = [ln for g in client.get("/api/v1/cart/").json()["vendors"] for ln in g["lines"]]
    issues = {ln["variant"]: [i["code"] for i in ln["issues"]] for ln in lines}
    assert issues == {
        cheap.pk: ["price_changed"],
        scarce.pk: ["insufficient_stock"],
        gone.pk: ["unavailable"],
    }
    price = next(ln for ln in lines if ln["variant"] == cheap.pk)
    assert (price["price_at_add"], price["unit_price"]) == ("10.00", "12.00")


@pytest.mark.parametrize(("payload", "field", "code"), [
    ({"variant": 999999, "quantity": 1}, "variant", "variant_not_found"),
    ({"variant": "x", "quantity": 1}, "variant", "invalid"),
    ({"quantity": 1}, "variant", "required"),
    ({"variant": "VARIANT", "quantity": 0}, "quantity", "min_value"),
    ({"variant": "VARIANT", "quantity": -3}, "quantity", "min_value"),
    ({"variant": "VARIANT", "quantity": 10**12}, "quantity", "max_value"),
    ({"variant": "VARIANT", "quantity": 6}, "quantity", "insufficient_stock"),
    ({"variant": "VARIANT", "quantity": 1.5}, "quantity", "invalid"),
])  # fmt: skip
def test_bad_input_is_400_and_writes_nothing(eu, api_for, payload, field, code) -> None:
    with use_tenant(eu):
        variant = make_variant(stock=5)
    payload = {k: variant.pk if v == "VARIANT" else v for k, v in payload.items()}
    response = api_for(eu).post(ITEMS, payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field][0]["code"] == code
    assert _counts(eu) == (0, 0)


def test_per_line_limit_and_other_region_variant(eu, mena, make_user, api_for, settings) -> None:
    settings.CART_MAX_LINE_QUANTITY = 3
    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=50)
    with use_tenant(mena):
        make_variant(currency="AED")
        foreign = make_variant(currency="AED")  # an id that does not exist in EU
    client = api_for(eu, shopper)
    limited = client.post(ITEMS, {"variant": variant.pk, "quantity": 4}, format="json")
    assert limited.json()["error"]["code"] == "quantity_limit"
    assert (
        client.post(ITEMS, {"variant": foreign.pk, "quantity": 1}, format="json").status_code == 400
    )
    assert _counts(eu) == (0, 0)


def test_patch_and_delete_lines(eu, make_user, api_for) -> None:
    shopper, other = make_user(eu), make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=5)
    client = api_for(eu, shopper)
    line_id = client.post(ITEMS, {"variant": variant.pk, "quantity": 1}, format="json").json()[
        "vendors"
    ][0]["lines"][0]["id"]
    assert (
        client.patch(f"{ITEMS}{line_id}/", {"quantity": 3}, format="json").json()["item_count"] == 3
    )
    assert client.patch(f"{ITEMS}{line_id}/", {"quantity": 9}, format="json").status_code == 400
    assert api_for(eu, other).delete(f"{ITEMS}{line_id}/").status_code == 404
    assert client.delete(f"{ITEMS}{line_id}/").json()["item_count"] == 0
    assert _counts(eu) == (1, 0)


def test_anonymous_cart_merges_into_account_at_sign_in(eu, make_user, api_for) -> None:
    shopper = make_user(eu, email="merge@x.test", password="correct-horse-42")
    with use_tenant(eu):
        a, b = make_variant(stock=10), make_variant(stock=10)
    api_for(eu, shopper).post(ITEMS, {"variant": a.pk, "quantity": 1}, format="json")
    anon = api_for(eu)
    token = anon.post(ITEMS, {"variant": a.pk, "quantity": 2}, format="json")["X-Cart-Token"]
    anon.post(ITEMS, {"variant": b.pk, "quantity": 1}, format="json", HTTP_X_CART_TOKEN=token)
    signed_in = anon.post("/api/v1/auth/token/", {"email": "merge@x.test", "password": "correct-horse-42"},
                          format="json", HTTP_X_CART_TOKEN=token)  # fmt: skip
    assert signed_in.status_code == 200, signed_in.json()
    cart = api_for(eu, shopper).get("/api/v1/cart/").json()
    assert {ln["variant"]: ln["quantity"] for g in cart["vendors"] for ln in g["lines"]} == {
        a.pk: 3,
        b.pk: 1,
    }
    assert _counts(eu) == (1, 2)


ADD_TO_CART = 8  # user (JWT) · cart · [savepoint] lines FOR UPDATE · variants with product and
# vendor (one query for the new and the cart's lines) · line INSERT or UPDATE · cart
# updated_at · [release]; the response is rendered from those rows (no re-read)


@pytest.mark.parametrize("lines_before", [0, 3])
def test_add_to_cart_query_count_does_not_grow_with_lines(
    eu, make_user, api_for, django_assert_num_queries, lines_before
) -> None:
    from django.db import connections

    shopper = make_user(eu)
    with use_tenant(eu):
        shops = [make_vendor(name=f"Shop {i}") for i in range(2)]
        held = [
            make_variant(price="3.00", stock=9, vendor=shops[i % 2]) for i in range(lines_before)
        ]
        new = make_variant(price="10.00", stock=5, vendor=shops[0])
    client = api_for(eu, shopper)
    for variant in held:
        assert (
            client.post(ITEMS, {"variant": variant.pk, "quantity": 1}, format="json").status_code
            == 201
        )
    if not held:
        with use_tenant(eu):
            Cart.objects.create(user=shopper)  # an empty cart, as checkout leaves it
        assert client.get("/api/v1/cart/").status_code == 200  # the region registry is cached
    for quantity, expected_quantity in ((2, 2), (1, 3)):  # a new line, then the same line again
        with (
            django_assert_num_queries(ADD_TO_CART, connection=connections["region_eu"]),
            django_assert_num_queries(0, connection=connections["default"]),
        ):
            response = client.post(ITEMS, {"variant": new.pk, "quantity": quantity}, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        lines = [line for group in body["vendors"] for line in group["lines"]]
        assert [(ln["variant"], ln["quantity"]) for ln in lines if ln["variant"] == new.pk] == [
            (new.pk, expected_quantity)]  # fmt: skip
        assert body["item_count"] == lines_before + expected_quantity
        assert body["subtotal"] == f"{lines_before * 3 + expected_quantity * 10}.00"
    assert client.get("/api/v1/cart/").json() == body  # the same as reading the cart again
    with use_tenant(eu):
        assert CartLine.objects.get(variant=new).quantity == 3


@pytest.mark.parametrize(("variant", "quantity", "code"), [
    ("UNKNOWN", 1, "variant_not_found"),
    ("HELD", 2, "insufficient_stock"),  # 4 in the cart + 2 > 5 in stock
])  # fmt: skip
def test_refused_add_to_an_existing_cart_changes_nothing(
    eu, make_user, api_for, variant, quantity, code
) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        held = make_variant(stock=5)
    client = api_for(eu, shopper)
    assert client.post(ITEMS, {"variant": held.pk, "quantity": 4}, format="json").status_code == 201
    with use_tenant(eu):
        before = list(CartLine.objects.values_list("variant_id", "quantity", "updated_at"))
        cart_updated_at = Cart.objects.get().updated_at
    variant_id = {"UNKNOWN": 10**9, "HELD": held.pk}[variant]
    response = client.post(ITEMS, {"variant": variant_id, "quantity": quantity}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    with use_tenant(eu):
        assert list(CartLine.objects.values_list("variant_id", "quantity", "updated_at")) == before
        assert before == [(held.pk, 4, before[0][2])]
        assert Cart.objects.get().updated_at == cart_updated_at
    assert _counts(eu) == (1, 1)
