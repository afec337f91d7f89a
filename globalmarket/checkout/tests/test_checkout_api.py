"""POST /api/v1/checkout/: the seed example end to end, split by vendor, idempotency, bad input."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from globalmarket.cart.models import CartLine
from globalmarket.catalog.models import ProductVariant
from globalmarket.checkout.models import Coupon, CouponRedemption, StockReservation
from globalmarket.checkout.tasks import release_expired_reservations
from globalmarket.orders.models import Order, OrderLine, VendorOrder
from globalmarket.orders.tests.factories import NL_ADDRESS, fill_cart, make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import clear_tenant_cache

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkout/"


def _excl_vat(tenant: Any) -> None:
    tenant.prices_include_vat = False
    tenant.save()
    clear_tenant_cache()


def _counts() -> tuple[int, int, int, int, int]:
    return (Order.objects.count(), VendorOrder.objects.count(), StockReservation.objects.count(),
            CouponRedemption.objects.count(), sum(ProductVariant.objects.values_list("stock", flat=True)))  # fmt: skip


def test_seed_example_end_to_end(eu, make_user, api_for) -> None:
    _excl_vat(eu)
    shopper = make_user(eu)
    with use_tenant(eu):
        vendor = make_vendor(free_shipping_over=Decimal("50"))
        variant = make_variant(price="299.99", stock=5, vendor=vendor,
                               name={"en": "Premium Wireless Headphones"})  # fmt: skip
        variant.option_name, variant.option_value = "Color", "Black"
        variant.save()
        fill_cart(shopper, (variant, 1))
    response = api_for(eu, shopper).post(URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod"},
                                         format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.now().year
    assert body["order_number"] == f"EU-{year}-000001"
    assert body["status"] == "confirmed"
    assert (body["subtotal"], body["shipping_cost"], body["discount"], body["tax"], body["total"],
            body["currency"]) == ("299.99", "0.00", "0.00", "63.00", "362.99", "EUR")  # fmt: skip
    assert body["vat_breakdown"] == [{"rate": "0.2100", "base": "299.99", "tax": "63.00"}]
    payment = body["payment"]
    assert (payment["method"], payment["status"], payment["amount"], payment["currency"], payment["next_action"]) == (
        "cod", "pending", "362.99", "EUR", None)  # fmt: skip
    [vo] = body["vendor_orders"]
    assert vo["number"] == f"EU-{year}-000001-1"
    assert vo["lines"][0]["product_name"] == "Premium Wireless Headphones"
    assert vo["lines"][0]["variant_label"] == "Color: Black"
    assert vo["lines"][0]["vat_amount"] == "63.00"
    with use_tenant(eu):
        variant.refresh_from_db()
        assert variant.stock == 4
        assert CartLine.objects.count() == 0
        assert StockReservation.objects.get().status == StockReservation.Status.COMMITTED


def test_multi_vendor_split_and_pending_payment(eu, make_user, api_for) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        a = make_variant(price="10.00", vendor=make_vendor(name="Alpha"))
        b = make_variant(price="20.00", vendor=make_vendor(name="Beta"))
        fill_cart(shopper, (a, 2), (b, 1))
    response = api_for(eu, shopper).post(URL, {"shipping_address": NL_ADDRESS, "payment_method": "card"},
                                         format="json")  # fmt: skip
    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "pending"
    assert body["payment"]["status"] == "requires_action"
    assert body["payment"]["next_action"]["type"] == "redirect"
    assert body["payment"]["next_action"]["url"].startswith("/payments/sandbox/")
    assert [v["number"][-2:] for v in body["vendor_orders"]] == ["-1", "-2"]
    # Prices include VAT in the demo EU tenant: 20.00 + 20.00 + shipping 2 x 4.95.
    assert (body["subtotal"], body["shipping_cost"], body["total"]) == ("40.00", "9.90", "49.90")
    assert body["tax"] == str(Decimal("3.47") + Decimal("3.47") + Decimal("0.86") * 2)


def test_idempotent_replay_returns_same_order_and_reserves_nothing(eu, make_user, api_for) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=5)
        fill_cart(shopper, (variant, 2))
    client = api_for(eu, shopper)
    payload = {"shipping_address": NL_ADDRESS, "payment_method": "card"}
    first = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    with use_tenant(eu):
        fill_cart(shopper, (variant, 1))  # a replay must not check out the new cart
        before = _counts()
    again = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    other = client.post(
        URL, {**payload, "customer_note": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    with use_tenant(eu):
        assert _counts() == before
        assert ProductVariant.objects.get().stock == 3


def _bad(
    eu: Any, make_user: Any, api_for: Any, payload: dict[str, Any], *, setup: Any = None
) -> Any:
    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=5, available_in_countries=["NL", "BE"])
        fill_cart(shopper, (variant, 1))
        if setup:
            setup()
        before = _counts()
    response = api_for(eu, shopper).post(URL, {"payment_method": "cod", **payload}, format="json")
    with use_tenant(eu):
        assert _counts() == before
        assert CartLine.objects.count() == 1
    return response


@pytest.mark.parametrize(("address", "field", "code"), [
    ({**NL_ADDRESS, "postal_code": "12345"}, "shipping_address.postal_code", "invalid_postal_code"),
    ({**NL_ADDRESS, "phone": "0612"}, "shipping_address.phone", "invalid_phone"),
    ({**NL_ADDRESS, "city": ""}, "shipping_address.city", "required"),
    ({**NL_ADDRESS, "country": "US"}, "shipping_address.country", "country_not_served"),
    ("nope", "shipping_address", "invalid"),
])  # fmt: skip
def test_invalid_address_is_rejected_and_nothing_written(
    eu, make_user, api_for, address, field, code
) -> None:
    response = _bad(eu, make_user, api_for, {"shipping_address": address})
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field][0]["code"] == code


def test_country_not_served_by_product_names_it(eu, make_user, api_for) -> None:
    de = {**NL_ADDRESS, "country": "DE", "postal_code": "10115", "phone": "+4930123456"}
    response = _bad(eu, make_user, api_for, {"shipping_address": de})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "not_available_in_country"
    assert "cannot be delivered to DE" in error["message"]
    assert error["fields"]["shipping_address.country"][0]["code"] == "not_available_in_country"


def test_expired_coupon_is_rejected(eu, make_user, api_for) -> None:
    def setup() -> None:
        Coupon.objects.create(
            code="OLD", kind="percentage", value=10, ends_at=timezone.now() - timedelta(days=1)
        )

    response = _bad(
        eu, make_user, api_for, {"shipping_address": NL_ADDRESS, "coupon": "old"}, setup=setup
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["coupon"][0]["code"] == "coupon_expired"


def test_unknown_payment_method_and_empty_cart(eu, make_user, api_for) -> None:
    response = _bad(
        eu, make_user, api_for, {"shipping_address": NL_ADDRESS, "payment_method": "bitcoin"}
    )
    assert (
        response.json()["error"]["fields"]["payment_method"][0]["code"]
        == "payment_method_not_offered"
    )
    lonely = make_user(eu)
    empty = api_for(eu, lonely).post(
        URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod"}, format="json"
    )
    assert (empty.status_code, empty.json()["error"]["code"]) == (400, "cart_empty")


def test_anonymous_checkout_needs_sign_in(eu, api_for) -> None:
    response = api_for(eu).post(
        URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod"}, format="json"
    )
    assert response.status_code == 401


def test_out_of_stock_rolls_everything_back(eu, make_user, api_for) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        plenty = make_variant(stock=50)
        scarce = make_variant(stock=1)
        fill_cart(shopper, (plenty, 3), (scarce, 1))
        scarce.stock = 0  # sold meanwhile
        scarce.save()
        before = _counts()
    response = api_for(eu, shopper).post(URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod"},
                                         format="json")  # fmt: skip
    assert (response.status_code, response.json()["error"]["code"]) == (409, "out_of_stock")
    with use_tenant(eu):
        assert _counts() == before
        assert ProductVariant.objects.get(pk=plenty.pk).stock == 50


def test_coupon_discount_and_redemption(eu, make_user, api_for) -> None:
    _excl_vat(eu)
    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(price="100.00", vendor=make_vendor(free_shipping_over=Decimal("1")))
        fill_cart(shopper, (variant, 1))
        coupon = Coupon.objects.create(code="WELCOME10", kind="percentage", value=10, min_spend=50,
                                       max_uses=5, max_uses_per_customer=1)  # fmt: skip
    body = api_for(eu, shopper).post(URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod",
                                           "coupon": "welcome10"}, format="json").json()  # fmt: skip
    assert (body["subtotal"], body["discount"], body["tax"], body["total"]) == (
        "100.00",
        "10.00",
        "18.90",
        "108.90",
    )
    with use_tenant(eu):
        coupon.refresh_from_db()
        assert coupon.used_count == 1
        assert CouponRedemption.objects.get().use_number == 1
        fill_cart(shopper, (variant, 1))
    again = api_for(eu, shopper).post(URL, {"shipping_address": NL_ADDRESS, "payment_method": "cod",
                                            "coupon": "WELCOME10"}, format="json")  # fmt: skip
    assert again.json()["error"]["fields"]["coupon"][0]["code"] == "coupon_customer_limit_reached"


def test_expired_reservation_is_released_by_the_periodic_task(eu, make_user) -> None:
    from globalmarket.orders.tests.factories import place

    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=3)
        order = place(shopper, (variant, 2), method="card")
        assert ProductVariant.objects.get(pk=variant.pk).stock == 1
        StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert release_expired_reservations() == 1
    with use_tenant(eu):
        order.refresh_from_db()
        assert order.status == Order.Status.CANCELLED
        assert ProductVariant.objects.get(pk=variant.pk).stock == 3
        assert StockReservation.objects.get().status == StockReservation.Status.RELEASED
        assert list(order.events.filter(kind="status").values_list("to_status", flat=True)) == [
            "pending", "cancelled", "cancelled"]  # fmt: skip
    assert release_expired_reservations() == 0


def test_lines_are_frozen_at_purchase(eu, make_user) -> None:
    from globalmarket.orders.tests.factories import place

    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(price="12.00")
        place(shopper, (variant, 1))
        variant.product.price = Decimal("99.00")
        variant.product.name = {"en": "Renamed"}
        variant.product.save()
        variant.product.delete()
        line = OrderLine.objects.get()
        assert (line.unit_price, line.variant_id, line.sku) == (
            Decimal("12.000"),
            None,
            variant.sku,
        )
        assert line.product_name.startswith("Product ")
