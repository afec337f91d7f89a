"""The demo seed: coupons always, orders only when products exist; re-running adds nothing."""

import io

import pytest

from globalmarket.accounts.demo import seed as seed_accounts
from globalmarket.checkout.models import Coupon
from globalmarket.orders.demo import seed
from globalmarket.orders.models import Order
from globalmarket.orders.tests.factories import make_variant
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_demo_seed_without_products_then_with(eu) -> None:
    out = io.StringIO()
    with use_tenant(eu):
        seed_accounts(eu, stdout=out)
        seed(eu, stdout=out)
        assert "skipped (no demo products yet)" in out.getvalue()
        assert set(Coupon.objects.values_list("code", flat=True)) == {"WELCOME10", "SAVE5"}
        make_variant(stock=50)
        seed(eu, stdout=out)
        statuses = sorted(Order.objects.values_list("status", flat=True))
        assert statuses == ["cancelled", "confirmed", "delivered", "pending", "shipped"]
        seed(eu, stdout=out)
        assert Order.objects.count() == 5
