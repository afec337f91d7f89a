"""Cached catalog responses follow stock: selling the last unit, or getting it back, shows at once."""

import pytest

from globalmarket.catalog.models import ProductVariant
from globalmarket.orders.models import Order
from globalmarket.orders.tests.factories import NL_ADDRESS, fill_cart, make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def _in_stock(client, slug: str) -> bool:
    body = client.get(f"/api/v1/products/{slug}/?country=NL").json()
    return body["variants"][0]["in_stock"]


def test_last_unit_sold_and_returned_is_visible_through_the_cache(eu, make_user, api_for):
    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(price="20.00", stock=1, vendor=make_vendor())
        slug = variant.product.slug
        fill_cart(shopper, (variant, 1))
    public = api_for(eu)
    assert _in_stock(public, slug) is True  # now cached
    assert _in_stock(public, slug) is True
    checkout = api_for(eu, shopper).post("/api/v1/checkout/", {"shipping_address": NL_ADDRESS, "payment_method": "cod"},
                                         format="json")  # fmt: skip
    assert checkout.status_code == 201, checkout.json()
    assert _in_stock(public, slug) is False
    with use_tenant(eu):
        order = Order.objects.get()
    cancel = api_for(eu, shopper).post(
        f"/api/v1/orders/{order.number}/cancel/", {"reason": "changed my mind"}, format="json"
    )
    assert cancel.status_code == 200, cancel.json()
    with use_tenant(eu):
        assert ProductVariant.objects.get(pk=variant.pk).stock == 1
    assert _in_stock(public, slug) is True
