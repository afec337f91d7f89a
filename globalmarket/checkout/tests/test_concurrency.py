"""Checkouts racing on PostgreSQL: real threads, each with its own database connection."""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from globalmarket.catalog.models import ProductVariant
from globalmarket.checkout.models import Coupon, CouponRedemption
from globalmarket.checkout.services import checkout_place
from globalmarket.core.errors import ApplicationError
from globalmarket.orders.models import Order, OrderNumberCounter
from globalmarket.orders.tests.factories import NL_ADDRESS, fill_cart, make_variant, make_vendor
from globalmarket.tenancy.context import use_tenant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SHOPPERS = 50


def _race(tenant: Any, users: list[Any], coupon: str = "") -> list[str]:
    """Every user checks out at the same moment; returns each one's outcome (number or code)."""
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []
    lock = threading.Lock()

    def shop(user: Any) -> None:
        try:
            with use_tenant(tenant):
                barrier.wait()
                try:
                    result = checkout_place(user=user, shipping_address=NL_ADDRESS, payment_method="cod",
                                            coupon_code=coupon)  # fmt: skip
                    outcome = result.order.number
                except ApplicationError as exc:
                    outcome = exc.code
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=shop, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _shoppers(tenant: Any, make_user: Callable[..., Any], n: int = SHOPPERS) -> list[Any]:
    return [make_user(tenant, email=f"racer{i}@x.test") for i in range(n)]


def test_fifty_checkouts_for_ten_in_stock(eu, make_user) -> None:
    users = _shoppers(eu, make_user)
    with use_tenant(eu):
        variant = make_variant(stock=10)
        for user in users:
            fill_cart(user, (variant, 1))
    outcomes = _race(eu, users)
    codes = Counter(o if not o.startswith("EU-") else "order" for o in outcomes)
    assert codes == {"order": 10, "out_of_stock": 40}
    with use_tenant(eu):
        assert ProductVariant.objects.get(pk=variant.pk).stock == 0
        assert Order.objects.count() == 10
        # Failed checkouts gave their numbers back: 1..10 with no gap.
        numbers = sorted(
            int(n.split("-")[2]) for n in Order.objects.values_list("number", flat=True)
        )
        assert numbers == list(range(1, 11))
        assert OrderNumberCounter.objects.get().last_value == 10


def test_fifty_checkouts_get_fifty_consecutive_numbers(eu, make_user) -> None:
    users = _shoppers(eu, make_user)
    with use_tenant(eu):
        vendor = make_vendor()
        for user in users:
            fill_cart(user, (make_variant(vendor=vendor, stock=1), 1))
    outcomes = _race(eu, users)
    assert all(o.startswith("EU-") for o in outcomes), Counter(outcomes)
    numbers = sorted(int(o.split("-")[2]) for o in outcomes)
    assert numbers == list(range(1, SHOPPERS + 1))
    with use_tenant(eu):
        assert Order.objects.count() == SHOPPERS
        assert ProductVariant.objects.filter(stock=0).count() == SHOPPERS


def test_coupon_limited_to_five_uses(eu, make_user) -> None:
    users = _shoppers(eu, make_user, 20)
    with use_tenant(eu):
        variant = make_variant(stock=100, price="50.00")
        for user in users:
            fill_cart(user, (variant, 1))
        coupon = Coupon.objects.create(code="FIVE", kind="fixed", value=5, max_uses=5)
    outcomes = _race(eu, users, coupon="FIVE")
    codes = Counter(o if not o.startswith("EU-") else "order" for o in outcomes)
    assert codes == {"order": 5, "coupon_used_up": 15}
    with use_tenant(eu):
        coupon.refresh_from_db()
        assert coupon.used_count == 5
        assert CouponRedemption.objects.count() == 5
        assert ProductVariant.objects.get(pk=variant.pk).stock == 95
