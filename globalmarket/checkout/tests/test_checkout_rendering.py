"""The checkout response is rendered without serializers: it must equal CheckoutOutput's data."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from globalmarket.checkout.api import CheckoutOutput, render_checkout
from globalmarket.checkout.models import Coupon
from globalmarket.checkout.services import checkout_place
from globalmarket.orders.tests.factories import NL_ADDRESS, fill_cart, make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def _place(shopper: Any, *, method: str, coupon: str = "") -> Any:
    return checkout_place(user=shopper, shipping_address=NL_ADDRESS, payment_method=method,
                          coupon_code=coupon, customer_note="Ring twice")  # fmt: skip


@pytest.mark.parametrize("method", ["cod", "card"])
def test_render_checkout_equals_the_serializer(eu, make_user, method) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        shops = [
            make_vendor(name="Shop A"),
            make_vendor(name="Shop B", free_shipping_over=Decimal("1")),
        ]
        coloured = make_variant(price="19.99", vendor=shops[1])
        coloured.option_name, coloured.option_value = "Color", "Black"
        coloured.save()
        fill_cart(shopper, (make_variant(price="100.00", vendor=shops[0], tax_class="reduced"), 3),
                  (make_variant(price="0.05", vendor=shops[0]), 7), (coloured, 1))  # fmt: skip
        Coupon.objects.create(code="TENOFF", kind="percentage", value=10)
        result = _place(shopper, method=method, coupon="TENOFF")
        expected = CheckoutOutput(result).data
        assert render_checkout(result) == expected
        # Same key order too (the stored idempotent replay is compared byte for byte by clients).
        assert list(render_checkout(result)) == list(expected)
        assert [list(vo) for vo in render_checkout(result)["vendor_orders"]] == [
            list(vo) for vo in expected["vendor_orders"]
        ]
        assert len(expected["vendor_orders"]) == 2
        assert sum(len(vo["lines"]) for vo in expected["vendor_orders"]) == 3
        assert expected["discount"] != "0.00"


def test_render_checkout_dates_and_empty_values_equal_the_serializer(eu, make_user) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        fill_cart(shopper, (make_variant(), 1))
        result = _place(shopper, method="cod")
        vendor_order = result.vendor_orders[0]
        vendor_order.shipped_at = datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC)
        vendor_order.delivery_days_min = vendor_order.delivery_days_max = None
        vendor_order.carrier, vendor_order.tracking_number = "PostNL", "3SABC123"
        result.lines[0].vat_rate = Decimal("0.21")
        rendered = render_checkout(result)
        assert rendered == CheckoutOutput(result).data
        assert rendered["vendor_orders"][0]["shipped_at"] == "2026-03-01T12:30:05.123456Z"
        assert rendered["vendor_orders"][0]["lines"][0]["vat_rate"] == "0.2100"
