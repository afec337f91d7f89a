"""The read-only order admin lists and shows orders and refuses edits."""

import pytest
from django.test import Client

from globalmarket.accounts.roles import StaffRole
from globalmarket.orders.models import Order
from globalmarket.orders.tests.factories import make_variant, place
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_staff_sees_orders_read_only(eu, make_user) -> None:
    shopper = make_user(eu)
    staff = make_user(eu, email="admin@x.test", staff_role=StaffRole.ADMIN)
    with use_tenant(eu):
        order = place(shopper, (make_variant(), 1))
    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):  # the session lives in the region's database
        browser.force_login(staff)
    listing = browser.get("/admin/orders/order/")
    assert listing.status_code == 200
    assert order.number in listing.content.decode()
    assert browser.get(f"/admin/orders/order/{order.pk}/change/").status_code == 200
    assert (
        browser.post(f"/admin/orders/order/{order.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    with use_tenant(eu):
        assert Order.objects.filter(pk=order.pk).exists()
