"""Exact query counts of POST /api/v1/checkout/: the same for one line and for many lines/vendors.

Cash on delivery, one line (inside the test's transaction, so the two atomic blocks show as
SAVEPOINT/RELEASE pairs; in production they are BEGIN/COMMIT of the checkout and nothing):

    user (JWT) · idempotency INSERT (+ savepoint pair) · cart lines with variant, product,
    vendor, category · tax rates · [checkout transaction (+ savepoint pair):] stock UPDATE …
    RETURNING · order · vendor orders (bulk) · commission rules · order lines (bulk) ·
    timeline events (bulk) · reservations (bulk) · cart lines DELETE · order number
    (PostgreSQL: one statement, the counter upsert with the order's and vendor orders'
    number UPDATEs as CTEs; SQLite: those three separately) · payment · payment attempt ·
    [commit] · idempotency record UPDATE                  = 20 on PostgreSQL, 22 on SQLite

Several variants add one statement, whatever their number: their stock rows are locked in
primary-key order (SELECT … FOR UPDATE) before the one conditional UPDATE. Card payments
start after commit (payments' own transaction, provider call) instead of the two payment
INSERTs. Nothing else depends on the number of lines or vendors.
"""

from typing import Any

import pytest
from django.db import connections

from globalmarket.orders.models import Order, OrderLine, VendorOrder
from globalmarket.orders.tests.factories import NL_ADDRESS, fill_cart, make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkout/"
ORDER_NUMBER = 1 if connections["region_eu"].vendor == "postgresql" else 3
COD_ONE_VARIANT = 19 + ORDER_NUMBER
MORE_THAN_ONE_VARIANT = 1  # the pk-ordered lock of the stock rows
CARD_INSTEAD_OF_COD = 22  # payments' after-commit start (own transactions, each locking the order
# before the payment: payments.services.lock_payment) and re-reading the order


def _checkout(eu: Any, make_user: Any, api_for: Any, django_assert_num_queries: Any, *,
              vendors: int, lines: int, method: str, expected: int) -> dict[str, Any]:  # fmt: skip
    shopper = make_user(eu)
    with use_tenant(eu):
        shops = [make_vendor(name=f"Shop {i}") for i in range(vendors)]
        variants = [make_variant(stock=5, vendor=shops[i % vendors]) for i in range(lines)]
        fill_cart(shopper, *[(variant, 2) for variant in variants])
    client = api_for(eu, shopper)
    payload = {"shipping_address": NL_ADDRESS, "payment_method": method}
    assert client.get("/api/v1/cart/").status_code == 200  # the region registry is cached
    with (
        django_assert_num_queries(expected, connection=connections["region_eu"]),
        django_assert_num_queries(0, connection=connections["default"]),
    ):
        response = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="q-1")
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    with use_tenant(eu):
        assert (Order.objects.count(), VendorOrder.objects.count(), OrderLine.objects.count()) == (
            1, vendors, lines)  # fmt: skip
        assert all(
            v.stock == 3 for v in type(variants[0]).objects.filter(pk__in=[v.pk for v in variants])
        )
    return body


@pytest.mark.parametrize(
    ("vendors", "lines", "expected"),
    [(1, 1, COD_ONE_VARIANT), (1, 2, COD_ONE_VARIANT + MORE_THAN_ONE_VARIANT),
     (3, 7, COD_ONE_VARIANT + MORE_THAN_ONE_VARIANT)],
)  # fmt: skip
def test_cod_checkout_query_count_does_not_grow_with_lines_or_vendors(
    eu, make_user, api_for, django_assert_num_queries, vendors, lines, expected
) -> None:
    body = _checkout(eu, make_user, api_for, django_assert_num_queries, vendors=vendors, lines=lines,
                     method="cod", expected=expected)  # fmt: skip
    assert body["status"] == "confirmed"
    assert len(body["vendor_orders"]) == vendors
    assert sum(len(vo["lines"]) for vo in body["vendor_orders"]) == lines


@pytest.mark.parametrize(("vendors", "lines", "extra"), [(1, 1, 0), (3, 7, MORE_THAN_ONE_VARIANT)])
def test_card_checkout_query_count_does_not_grow_with_lines_or_vendors(
    eu, make_user, api_for, django_assert_num_queries, vendors, lines, extra
) -> None:
    body = _checkout(eu, make_user, api_for, django_assert_num_queries, vendors=vendors, lines=lines,
                     method="card", expected=COD_ONE_VARIANT + CARD_INSTEAD_OF_COD + extra)  # fmt: skip
    assert body["status"] == "pending"
    assert body["payment"]["status"] == "requires_action"


def test_category_commission_rules_cost_no_extra_query(
    eu, make_user, api_for, django_assert_num_queries
) -> None:
    """A category rule is matched through the cart lines' categories (already loaded), not by
    reading the category table; its rate is frozen on the line."""
    from decimal import Decimal

    from globalmarket.ledger.models import CommissionRule

    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=5)
        CommissionRule.objects.create(category=variant.product.category, rate=Decimal("0.0700"))
        fill_cart(shopper, (variant, 2))
    client = api_for(eu, shopper)
    assert client.get("/api/v1/cart/").status_code == 200  # the region registry is cached
    payload = {"shipping_address": NL_ADDRESS, "payment_method": "cod"}
    with django_assert_num_queries(COD_ONE_VARIANT, connection=connections["region_eu"]):
        response = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="q-1")
    assert response.status_code == 201, response.json()
    with use_tenant(eu):
        assert OrderLine.objects.get().commission_rate == Decimal("0.0700")
