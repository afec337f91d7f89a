"""Order numbers: taken and written by one statement on PostgreSQL, three on SQLite, formatted alike."""

from datetime import UTC, datetime

import pytest
from django.db import connections

from globalmarket.orders.models import Order, OrderNumberCounter, VendorOrder
from globalmarket.orders.numbering import assign_order_number, order_year
from globalmarket.orders.tests.factories import make_variant, make_vendor, place
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_numbers_written_equal_the_ones_returned_and_past_six_digits(
    eu, make_user, django_assert_num_queries
) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        shops = [make_vendor(name="A"), make_vendor(name="B")]
        order = place(
            shopper, (make_variant(vendor=shops[0]), 1), (make_variant(vendor=shops[1]), 1)
        )
        first = Order.objects.get(pk=order.pk).number
        assert first.endswith("-000001")
        year = order_year()
        OrderNumberCounter.objects.filter(year=year).update(last_value=999_999)
        vendor_orders = list(VendorOrder.objects.filter(order=order).order_by("sequence"))
        statements = 1 if connections[eu.database_alias].vendor == "postgresql" else 3
        with django_assert_num_queries(statements, connection=connections[eu.database_alias]):
            number = assign_order_number(order, vendor_orders)
        assert number == order.number == f"EU-{year}-1000000"
        assert Order.objects.get(pk=order.pk).number == f"EU-{year}-1000000"
        assert [vo.number for vo in vendor_orders] == [
            f"EU-{year}-1000000-1",
            f"EU-{year}-1000000-2",
        ]
        assert list(
            VendorOrder.objects.filter(order=order)
            .order_by("sequence")
            .values_list("number", flat=True)
        ) == [f"EU-{year}-1000000-1", f"EU-{year}-1000000-2"]
        assert OrderNumberCounter.objects.get(year=year).last_value == 1_000_000


def test_a_new_year_starts_at_one(eu, make_user) -> None:
    shopper = make_user(eu)
    with use_tenant(eu):
        order = place(shopper, (make_variant(), 1))
        vendor_orders = list(VendorOrder.objects.filter(order=order))
        number = assign_order_number(order, vendor_orders, now=datetime(2031, 1, 1, 12, tzinfo=UTC))
        assert number == "EU-2031-000001"
        assert Order.objects.get(pk=order.pk).number == "EU-2031-000001"
        assert VendorOrder.objects.get(order=order).number == "EU-2031-000001-1"
