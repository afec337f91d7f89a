"""Order APIs for customers, vendors and staff: isolation, transitions, cancel, return, notes."""

from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.accounts.roles import StaffRole
from globalmarket.audit.models import AuditLog
from globalmarket.catalog.models import ProductVariant
from globalmarket.orders.models import Order, OrderEvent, VendorOrder
from globalmarket.orders.tests.factories import (
    AE_ADDRESS,
    add_member,
    make_variant,
    make_vendor,
    place,
)
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(eu: Any, make_user: Any) -> dict[str, Any]:
    """One shopper's order over two vendors, each with an owner."""
    shopper, other = make_user(eu, email="shopper@x.test"), make_user(eu, email="other@x.test")
    owner_a, owner_b = make_user(eu, email="a@x.test"), make_user(eu, email="b@x.test")
    staff = make_user(eu, email="staff@x.test", staff_role=StaffRole.ADMIN)
    with use_tenant(eu):
        vendor_a, vendor_b = make_vendor(), make_vendor()
        add_member(vendor_a, owner_a)
        add_member(vendor_b, owner_b)
        va = make_variant(vendor=vendor_a, stock=5)
        vb = make_variant(vendor=vendor_b, stock=5)
        order = place(shopper, (va, 2), (vb, 1))
    return {"order": order, "shopper": shopper, "other": other, "owner_a": owner_a, "owner_b": owner_b,
            "staff": staff, "va": va, "vb": vb, "parts": [f"{order.number}-1", f"{order.number}-2"]}  # fmt: skip


def _state(tenant: Any, number: str) -> tuple[str, list[str], int]:
    with use_tenant(tenant):
        order = Order.objects.get(number=number)
        return (order.status, list(order.vendor_orders.order_by("sequence").values_list("status", flat=True)),
                OrderEvent.objects.filter(order=order).count())  # fmt: skip


def test_customer_sees_own_orders_only(eu, api_for, shop) -> None:
    number = shop["order"].number
    mine = api_for(eu, shop["shopper"]).get("/api/v1/orders/")
    assert [o["order_number"] for o in mine.json()["results"]] == [number]
    detail = api_for(eu, shop["shopper"]).get(f"/api/v1/orders/{number}/").json()
    assert detail["status"] == "confirmed"
    assert [e["to_status"] for e in detail["timeline"]] == ["pending", "confirmed"]
    assert api_for(eu, shop["other"]).get("/api/v1/orders/").json()["results"] == []
    before = _state(eu, number)
    for path in (f"/api/v1/orders/{number}/", f"/api/v1/orders/{number}/cancel/"):
        response = (api_for(eu, shop["other"]).get(path) if path.endswith(f"{number}/")
                    else api_for(eu, shop["other"]).post(path, {}, format="json"))  # fmt: skip
        assert (response.status_code, response.json()["error"]["code"]) == (404, "order_not_found")
    assert _state(eu, number) == before


def test_nobody_sees_orders_across_regions(eu, mena, api_for, make_user, shop) -> None:
    number = shop["order"].number
    mena_staff = make_user(mena, email="staff@x.test", staff_role=StaffRole.ADMIN)
    response = api_for(mena, mena_staff).get(f"/api/v1/staff/orders/{number}/")
    assert response.status_code == 404
    # The EU token is not valid on the MENA host either.
    assert api_for(eu, shop["shopper"]).get(
        f"/api/v1/orders/{number}/", HTTP_HOST="mena.localhost"
    ).status_code in (401, 404)
    with use_tenant(mena):
        assert Order.objects.count() == 0


def test_vendor_flow_accept_ship_deliver_derives_customer_status(eu, api_for, shop) -> None:
    number, (part_a, part_b) = shop["order"].number, shop["parts"]
    vendor_a = api_for(eu, shop["owner_a"])
    listed = vendor_a.get("/api/v1/vendor/orders/").json()["results"]
    assert [v["number"] for v in listed] == [part_a]
    assert (
        vendor_a.post(f"/api/v1/vendor/orders/{part_a}/accept/", {}, format="json").status_code
        == 200
    )
    shipped = vendor_a.post(f"/api/v1/vendor/orders/{part_a}/ship/",
                            {"carrier": "postnl", "tracking_number": "3SABCD1234567"}, format="json")  # fmt: skip
    assert shipped.status_code == 200, shipped.json()
    assert (
        shipped.json()["tracking_url"]
        == "https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1012LG"
    )
    assert _state(eu, number)[:2] == ("partially_shipped", ["shipped", "pending"])
    vendor_b = api_for(eu, shop["owner_b"])
    vendor_b.post(f"/api/v1/vendor/orders/{part_b}/accept/", {}, format="json")
    dhl = vendor_b.post(f"/api/v1/vendor/orders/{part_b}/ship/", {"carrier": "dhl", "tracking_number": "JD0001"},
                        format="json").json()  # fmt: skip
    assert dhl["tracking_url"].endswith("tracking-id=JD0001")
    assert _state(eu, number)[:2] == ("shipped", ["shipped", "shipped"])
    vendor_a.post(f"/api/v1/vendor/orders/{part_a}/deliver/", {}, format="json")
    vendor_b.post(f"/api/v1/vendor/orders/{part_b}/deliver/", {}, format="json")
    assert _state(eu, number)[:2] == ("delivered", ["delivered", "delivered"])
    with use_tenant(eu):
        assert AuditLog.objects.filter(action__startswith="vendor_order.").count() == 6
    # A return after delivery; cancelling now is refused.
    customer = api_for(eu, shop["shopper"])
    assert (
        customer.post(
            f"/api/v1/orders/{number}/return/", {"reason": "Too big"}, format="json"
        ).status_code
        == 200
    )
    refused = customer.post(f"/api/v1/orders/{number}/cancel/", {}, format="json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "order_not_cancellable")
    returned = vendor_a.post(f"/api/v1/vendor/orders/{part_a}/returned/", {}, format="json")
    assert returned.json()["status"] == "returned"


def test_vendor_cannot_touch_another_vendors_order(eu, api_for, shop) -> None:
    part_b = shop["parts"][1]
    before = _state(eu, shop["order"].number)
    for action in ("", "accept/", "ship/"):
        path = f"/api/v1/vendor/orders/{part_b}/{action}"
        client = api_for(eu, shop["owner_a"])
        response = client.get(path) if not action else client.post(path, {"carrier": "dhl", "tracking_number": "JD01"},
                                                                    format="json")  # fmt: skip
        assert response.status_code == 404
    assert _state(eu, shop["order"].number) == before
    assert api_for(eu, shop["shopper"]).get("/api/v1/vendor/orders/").status_code == 404


def test_invalid_transitions_are_409(eu, api_for, shop) -> None:
    number, (part_a, _) = shop["order"].number, shop["parts"]
    vendor_a = api_for(eu, shop["owner_a"])
    deliver = vendor_a.post(f"/api/v1/vendor/orders/{part_a}/deliver/", {}, format="json")
    assert (deliver.status_code, deliver.json()["error"]["code"]) == (409, "invalid_transition")
    assert (
        api_for(eu, shop["shopper"])
        .post(f"/api/v1/orders/{number}/cancel/", {}, format="json")
        .status_code
        == 200
    )
    before = _state(eu, number)
    ship = vendor_a.post(f"/api/v1/vendor/orders/{part_a}/ship/", {"carrier": "dhl", "tracking_number": "JD01"},
                         format="json")  # fmt: skip
    assert (ship.status_code, ship.json()["error"]["code"]) == (409, "invalid_transition")
    again = api_for(eu, shop["shopper"]).post(f"/api/v1/orders/{number}/cancel/", {}, format="json")
    assert again.status_code == 409
    assert _state(eu, number) == before


def test_ship_needs_known_carrier_and_tracking(eu, api_for, shop) -> None:
    part_a = shop["parts"][0]
    vendor_a = api_for(eu, shop["owner_a"])
    vendor_a.post(f"/api/v1/vendor/orders/{part_a}/accept/", {}, format="json")
    bad = vendor_a.post(
        f"/api/v1/vendor/orders/{part_a}/ship/", {"carrier": "pigeon"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"carrier"}
    missing = vendor_a.post(
        f"/api/v1/vendor/orders/{part_a}/ship/", {"carrier": "dhl"}, format="json"
    )
    assert missing.json()["error"]["fields"]["tracking_number"][0]["code"] == "required"
    assert _state(eu, shop["order"].number)[1] == ["accepted", "pending"]


def test_cancel_and_reject_return_stock(eu, api_for, shop) -> None:
    number, (_part_a, part_b) = shop["order"].number, shop["parts"]
    with use_tenant(eu):
        assert [ProductVariant.objects.get(pk=v.pk).stock for v in (shop["va"], shop["vb"])] == [
            3,
            4,
        ]
    api_for(eu, shop["owner_b"]).post(
        f"/api/v1/vendor/orders/{part_b}/reject/", {"note": "No stock"}, format="json"
    )
    with use_tenant(eu):
        assert [ProductVariant.objects.get(pk=v.pk).stock for v in (shop["va"], shop["vb"])] == [
            3,
            5,
        ]
    assert _state(eu, number)[:2] == ("confirmed", ["pending", "rejected"])
    api_for(eu, shop["shopper"]).post(
        f"/api/v1/orders/{number}/cancel/", {"note": "Changed my mind"}, format="json"
    )
    assert _state(eu, number)[:2] == ("cancelled", ["cancelled", "rejected"])
    with use_tenant(eu):
        assert [ProductVariant.objects.get(pk=v.pk).stock for v in (shop["va"], shop["vb"])] == [
            5,
            5,
        ]
        # Every hold is released (and stamped), so nothing can be given back a second time.
        from globalmarket.checkout.models import StockReservation

        held = StockReservation.objects.filter(order__number=number)
        assert held.count() == 2
        assert set(held.values_list("status", flat=True)) == {StockReservation.Status.RELEASED}
        assert not held.filter(released_at=None).exists()


def test_staff_list_cancel_and_notes_are_audited(eu, api_for, shop) -> None:
    number = shop["order"].number
    staff = api_for(eu, shop["staff"])
    assert [o["order_number"] for o in staff.get("/api/v1/staff/orders/").json()["results"]] == [
        number
    ]
    noted = staff.post(
        f"/api/v1/staff/orders/{number}/notes/", {"note": "Called the customer"}, format="json"
    )
    assert "Called the customer" in noted.json()["internal_note"]
    cancelled = staff.post(
        f"/api/v1/staff/orders/{number}/cancel/", {"note": "Fraud"}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
    with use_tenant(eu):
        assert set(AuditLog.objects.values_list("action", flat=True)) >= {"order.note", "order.cancel",
                                                                         "vendor_order.cancelled"}  # fmt: skip
        assert AuditLog.objects.get(action="order.note").actor_email == "staff@x.test"
    # The customer sees no internal note; other staff-only endpoints refuse shoppers.
    assert (
        "internal_note" not in api_for(eu, shop["shopper"]).get(f"/api/v1/orders/{number}/").json()
    )
    assert api_for(eu, shop["shopper"]).get("/api/v1/staff/orders/").status_code == 403


def _queries(tenant: Any, client: Any, path: str) -> int:
    with CaptureQueriesContext(connections[tenant.database_alias]) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_order_lists_take_a_fixed_number_of_queries(eu, api_for, shop) -> None:
    customer, vendor_a, staff = (api_for(eu, shop[k]) for k in ("shopper", "owner_a", "staff"))
    counts = [_queries(eu, c, p) for c, p in ((customer, "/api/v1/orders/"), (vendor_a, "/api/v1/vendor/orders/"),
                                              (staff, "/api/v1/staff/orders/"))]  # fmt: skip
    with use_tenant(eu):
        ProductVariant.objects.update(stock=100)
        for _ in range(4):
            place(shop["shopper"], (shop["va"], 1), (shop["vb"], 1))
    again = [_queries(eu, c, p) for c, p in ((customer, "/api/v1/orders/"), (vendor_a, "/api/v1/vendor/orders/"),
                                             (staff, "/api/v1/staff/orders/"))]  # fmt: skip
    assert counts == again
    assert counts == [5, 5, 5]  # user, count, orders, vendor orders, lines


def test_mena_order_in_aed(mena, make_user, api_for) -> None:
    shopper = make_user(mena)
    with use_tenant(mena):
        variant = make_variant(price="100.00", currency="AED")
        order = place(shopper, (variant, 1), address=AE_ADDRESS)
        assert order.number.startswith("MENA-")
        assert VendorOrder.objects.get().number == f"{order.number}-1"
    body = api_for(mena, shopper).get(f"/api/v1/orders/{order.number}/").json()
    # AED prices include VAT at 5 %: 100.00 contains 4.76; shipping 4.95 contains 0.24.
    assert (body["currency"], body["subtotal"], body["tax"], body["total"]) == (
        "AED",
        "100.00",
        "5.00",
        "104.95",
    )
