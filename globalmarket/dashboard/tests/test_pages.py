from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from globalmarket.accounts.roles import VendorRole
from globalmarket.orders.models import OrderEvent, VendorOrder
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

from .helpers import make_vendor_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(eu: Any, make_user: Any) -> Any:
    user = make_user(eu, email="owner@shop.test", password="correct-horse-42")
    with use_tenant(eu):
        vendor = VendorFactory(name="Klankwerk Audio", slug="klankwerk")
        VendorMemberFactory(vendor=vendor, user=user, role=VendorRole.OWNER)
    return user


def client_as(tenant: Any, email: str) -> Client:
    client = Client(HTTP_HOST=tenant.aliases[0], HTTP_ACCEPT_LANGUAGE="en")
    assert (
        client.post("/account/login/", {"email": email, "password": "correct-horse-42"}).status_code
        == 302
    )
    return client


def test_users_without_a_shop_are_sent_to_apply(eu: Any, make_user: Any) -> None:
    make_user(eu, email="shopper@example.test")
    response = client_as(eu, "shopper@example.test").get("/vendor/")
    assert response.status_code == 302 and response["Location"] == "/vendor/apply/"
    assert (
        Client(HTTP_HOST="eu.localhost").get("/vendor/").status_code == 302
    )  # signed out: sign in


def test_overview_counts_the_last_30_days_of_own_orders(eu: Any, owner: Any) -> None:
    now = timezone.now()
    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        other = VendorFactory()
        make_vendor_order(vendor, number="EU-2026-000001", total="100.00")
        make_vendor_order(
            vendor,
            number="EU-2026-000002",
            total="20.50",
            status="shipped",
            created_at=now - timedelta(days=3),
        )
        make_vendor_order(vendor, number="EU-2026-000003", total="999.00", status="rejected")
        make_vendor_order(
            vendor, number="EU-2026-000004", total="70.00", created_at=now - timedelta(days=40)
        )
        make_vendor_order(other, number="EU-2026-000005", total="500.00")
    html = client_as(eu, "owner@shop.test").get("/vendor/").content.decode()
    assert '<span class="stat__value">€120.50</span>Sales, last 30 days' in html
    assert '<span class="stat__value">2</span>Orders, last 30 days' in html
    assert '<span class="stat__value">2</span>Orders to act on' in html  # open ones, of any age
    assert html.count('<rect class="bar"') == 30
    assert "€100.00</title>" in html and "€20.50</title>" in html


def test_orders_list_shows_only_own_orders_and_others_are_not_found(eu: Any, owner: Any) -> None:
    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        make_vendor_order(vendor, number="EU-2026-000010")
        make_vendor_order(VendorFactory(), number="EU-2026-000011")
    client = client_as(eu, "owner@shop.test")
    html = client.get("/vendor/orders/").content.decode()
    assert "EU-2026-000010-1" in html and "EU-2026-000011-1" not in html
    page = client.get("/vendor/orders/EU-2026-000010-1/").content.decode()
    assert "Wireless headphones" in page and "Accept" in page and "Damrak" in page
    assert client.get("/vendor/orders/EU-2026-000011-1/").status_code == 404
    assert client.post("/vendor/orders/EU-2026-000011-1/accept/").status_code == 404
    # Nothing happened to the other vendor's order: same status, no new timeline entry.
    with use_tenant(eu):
        others = VendorOrder.objects.get(number="EU-2026-000011-1")
        assert others.status == "pending" and others.accepted_at is None
        assert not OrderEvent.objects.filter(order=others.order).exists()


def test_ship_form_errors_are_shown_and_nothing_changes(eu: Any, owner: Any) -> None:
    with use_tenant(eu):
        vo = make_vendor_order(
            owner.vendor_memberships.get().vendor, number="EU-2026-000020", status="accepted"
        )
    client = client_as(eu, "owner@shop.test")
    response = client.post(
        "/vendor/orders/EU-2026-000020-1/ship/", {"carrier": "pigeon", "tracking_number": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_carrier_error"' in html and 'id="id_tracking_number_error"' in html
    assert "Use 4 to 64 letters, digits or dashes." in html
    with use_tenant(eu):
        vo.refresh_from_db()
    assert vo.status == "accepted" and vo.tracking_number == ""


def test_roles_decide_which_pages_a_member_sees(eu: Any, make_user: Any) -> None:
    user = make_user(eu, email="packer@shop.test", password="correct-horse-42")
    with use_tenant(eu):
        VendorMemberFactory(user=user, role=VendorRole.STAFF)
    client = client_as(eu, "packer@shop.test")
    assert client.get("/vendor/orders/").status_code == 200
    assert client.get("/vendor/products/").status_code == 200
    assert client.get("/vendor/team/").status_code == 403


def test_members_of_two_vendors_switch_between_them(eu: Any, owner: Any) -> None:
    with use_tenant(eu):
        second = VendorFactory(name="Zeta Shop", slug="zeta")
        VendorMemberFactory(vendor=second, user=owner, role=VendorRole.MANAGER)
    client = client_as(eu, "owner@shop.test")
    assert "<h1>Klankwerk Audio" in client.get("/vendor/").content.decode()
    assert "<h1>Zeta Shop" in client.get("/vendor/?vendor=zeta").content.decode()
    assert "<h1>Zeta Shop" in client.get("/vendor/orders/").content.decode()  # kept in the session
    assert "<h1>Zeta Shop" in client.get("/vendor/?vendor=not-mine").content.decode()


def test_balance_page_reads_the_ledger_and_needs_the_finance_role(
    eu: Any, owner: Any, make_user: Any
) -> None:
    from decimal import Decimal

    from globalmarket.ledger.posting import CodDelivered, on_cod_delivered

    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        on_cod_delivered(CodDelivered(vendor_order_id=1, vendor_id=vendor.pk, currency="EUR",
                                      gross=Decimal("100.00"), vat=Decimal("17.36"), vat_country="NL",
                                      commission=Decimal("10.00")))  # fmt: skip
    client = client_as(eu, "owner@shop.test")
    html = client.get("/vendor/balance/").content.decode()
    # The vendor collected the cash: it owes the commission and the VAT the platform remits.
    assert '<span class="stat__value" data-balance="EUR">-€27.36</span>You owe the platform' in html
    packer = make_user(eu, email="packer@shop.test", password="correct-horse-42")
    with use_tenant(eu):
        VendorMemberFactory(vendor=vendor, user=packer, role=VendorRole.STAFF)
    assert client_as(eu, "packer@shop.test").get("/vendor/balance/").status_code == 403


def _order_with_timeline(vendor: Any, number: str) -> Any:
    """A pending vendor order that was accepted, with the e-mail records the tasks write."""
    from globalmarket.orders.services import vendor_order_transition

    vo = make_vendor_order(vendor, number=number)
    OrderEvent.objects.create(order=vo.order, vendor_order=vo, actor_role="system",
                              kind="email_vendor_new_order", data={"key": vo.number})  # fmt: skip
    OrderEvent.objects.create(order=vo.order, actor_role="system", kind="email_confirmation",
                              data={"key": vo.order.number})  # fmt: skip
    vendor_order_transition(vendor_order=vo, target="accepted", actor=None, role="vendor",
                            note="Packing today")  # fmt: skip
    return vo


def test_order_timeline_is_the_apis_without_internal_email_records(
    eu: Any, owner: Any, api_for: Any
) -> None:
    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        _order_with_timeline(vendor, "EU-2026-000030")
    html = client_as(eu, "owner@shop.test").get("/vendor/orders/EU-2026-000030-1/").content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert "Packing today" in timeline and timeline.count("<li>") == 1
    assert "email" not in timeline
    api = api_for(eu, owner).get("/api/v1/vendor/orders/EU-2026-000030-1/").json()
    assert [e["note"] for e in api["timeline"]] == ["Packing today"]


def _region_queries(django_assert_num_queries: Any, tenant: Any, count: int) -> Any:
    from django.db import connections

    return django_assert_num_queries(count, connection=connections[tenant.database_alias])


def test_order_pages_query_counts_do_not_grow_with_orders(
    eu: Any, owner: Any, django_assert_num_queries: Any
) -> None:
    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        for i in range(12):
            _order_with_timeline(vendor, f"EU-2026-0001{i:02d}")
    client = client_as(eu, "owner@shop.test")
    client.get("/vendor/")  # the acting vendor is now kept in the session
    # session, user, memberships, count, the header's cart (categories are cached), orders
    # (+ customer orders), their lines
    with _region_queries(django_assert_num_queries, eu, 7):
        html = client.get("/vendor/orders/").content.decode()
    assert html.count('<span class="tag">Accepted</span>') == 12
    # session, user, memberships, the order (+ customer order), its lines, its timeline, cart
    with _region_queries(django_assert_num_queries, eu, 7):
        assert client.get("/vendor/orders/EU-2026-000100-1/").status_code == 200


def test_products_page_query_count(eu: Any, owner: Any, django_assert_num_queries: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory

    with use_tenant(eu):
        vendor = owner.vendor_memberships.get().vendor
        for _ in range(5):
            ProductFactory(vendor=vendor)
    client = client_as(eu, "owner@shop.test")
    client.get("/vendor/")
    # session, user, memberships, count, the header's cart, products with their stock
    with _region_queries(django_assert_num_queries, eu, 6):
        html = client.get("/vendor/products/").content.decode()
    assert html.count('href="/vendor/products/') >= 5
