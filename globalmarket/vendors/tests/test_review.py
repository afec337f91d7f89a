import pytest
from django.core import mail
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.accounts.roles import StaffRole, VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor, VendorStatusEvent
from globalmarket.vendors.tasks import send_vendor_status_email

from .conftest import RAW_IBAN, add_member, make_vendor

pytestmark = pytest.mark.django_db


def _url(vendor, action=""):
    return f"/api/v1/staff/vendors/{vendor.pk}/" + (f"{action}/" if action else "")


def _state(tenant, vendor):
    with use_tenant(tenant):
        vendor = Vendor.objects.get(pk=vendor.pk)
        return vendor.status, VendorStatusEvent.objects.filter(vendor=vendor).count()


def test_approve_records_who_and_when_and_emails_the_owner(
    api_for, eu, staff, owner, run_on_commit
):
    vendor = make_vendor(eu, owner, status=Vendor.Status.PENDING, name="AudioTech B.V.")
    with run_on_commit():
        response = api_for(eu, staff).post(_url(vendor, "approve"), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "approved"
    assert [(e["from_status"], e["to_status"], e["actor"]["email"]) for e in body["status_history"]] == [
        ("pending", "approved", "reviewer@example.test")]  # fmt: skip
    assert body["members"][0]["email"] == "owner@example.test"
    assert body["payout"]["iban_masked"] == "NL** **** **** **** 3210"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.test"]
    assert "AudioTech B.V." in mail.outbox[0].subject
    with use_tenant(eu):
        vendor.refresh_from_db()
        assert vendor.approved_at is not None and vendor.status_changed_at == vendor.approved_at
        event = VendorStatusEvent.objects.get()
        assert event.actor_id == staff.pk and event.notified_at is not None
        send_vendor_status_email(event.pk)  # a redelivered task sends nothing twice
    assert len(mail.outbox) == 1


def test_reject_needs_a_reason_and_keeps_it(api_for, eu, staff, owner, run_on_commit):
    vendor = make_vendor(eu, owner, status=Vendor.Status.PENDING)
    client = api_for(eu, staff)
    refused = client.post(_url(vendor, "reject"), {"reason": "  "}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"][0]["code"] == "reason_required"
    assert _state(eu, vendor) == ("pending", 0)
    with run_on_commit():
        response = client.post(_url(vendor, "reject"), {"reason": "VAT number unknown in VIES."},
                               format="json")  # fmt: skip
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "VAT number unknown in VIES."
    assert response.json()["status_history"][0]["reason"] == "VAT number unknown in VIES."
    assert "VAT number unknown in VIES." in mail.outbox[0].body


def test_suspend_and_reinstate(api_for, eu, staff, owner, run_on_commit):
    vendor = make_vendor(eu, owner, status=Vendor.Status.APPROVED)
    client = api_for(eu, staff)
    with run_on_commit():
        assert client.post(_url(vendor, "suspend"), {"reason": "Fake reviews."}, format="json").json()[
            "status"] == "suspended"  # fmt: skip
        assert client.post(_url(vendor, "reinstate"), format="json").json()["status"] == "approved"
    assert _state(eu, vendor) == ("approved", 2)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(("status", "action"), [
    ("approved", "approve"), ("approved", "reject"), ("approved", "reinstate"),
    ("pending", "suspend"), ("pending", "reinstate"),
    ("rejected", "approve"), ("rejected", "suspend"), ("rejected", "reinstate"),
    ("suspended", "approve"), ("suspended", "suspend"), ("suspended", "reject"),
])  # fmt: skip
def test_invalid_transitions_are_409_and_change_nothing(
    api_for, eu, staff, status, action, run_on_commit
):
    vendor = make_vendor(eu, status=status)
    with run_on_commit():  # so an email that should not be sent would be
        response = api_for(eu, staff).post(
            _url(vendor, action), {"reason": "Because."}, format="json"
        )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert response.json()["error"]["status"] == status
    assert _state(eu, vendor) == (status, 0)
    assert mail.outbox == []


def test_customers_vendors_and_other_staff_cannot_review(api_for, eu, make_user, owner):
    vendor = make_vendor(eu, owner, status=Vendor.Status.PENDING)
    finance = make_user(eu, email="finance@example.test", staff_role=StaffRole.FINANCE)
    customer = make_user(eu, email="customer@example.test")
    for user in (customer, owner, finance):
        client = api_for(eu, user)
        assert client.get("/api/v1/staff/vendors/").status_code == 403
        assert client.get(_url(vendor)).status_code == 403
        response = client.post(_url(vendor, "approve"), format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert api_for(eu).post(_url(vendor, "approve"), format="json").status_code == 401
    assert _state(eu, vendor) == ("pending", 0)


def test_staff_cannot_see_or_review_a_vendor_of_another_region(api_for, eu, mena, staff):
    other = make_vendor(mena, status=Vendor.Status.PENDING, country="AE")
    with use_tenant(eu):
        assert not Vendor.objects.filter(pk=other.pk).exists()
    client = api_for(eu, staff)
    assert client.get(_url(other)).status_code == 404
    response = client.post(_url(other, "approve"), format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "vendor_not_found"
    assert _state(mena, other) == ("pending", 0)
    assert client.get("/api/v1/staff/vendors/").json()["count"] == 0


def test_list_filters_by_status_name_and_iban(api_for, eu, staff):
    make_vendor(eu, status=Vendor.Status.PENDING, name="Alpha")
    make_vendor(eu, status=Vendor.Status.APPROVED, name="Beta", iban="DE65100700000123456789")
    client = api_for(eu, staff)
    assert [
        v["name"] for v in client.get("/api/v1/staff/vendors/?status=pending").json()["results"]
    ] == ["Alpha"]
    assert [v["name"] for v in client.get("/api/v1/staff/vendors/?q=bet").json()["results"]] == [
        "Beta"
    ]
    found = client.get("/api/v1/staff/vendors/?iban=de65 1007 0000 0123 4567 89").json()["results"]
    assert [(v["name"], v["iban_masked"]) for v in found] == [("Beta", "DE** **** **** **** 6789")]
    assert client.get(f"/api/v1/staff/vendors/?iban={RAW_IBAN[:-1]}1").json()["count"] == 0
    bad = client.get("/api/v1/staff/vendors/?status=sleeping")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["status"][0]["code"] == "invalid_choice"


def _list_queries(client):
    with CaptureQueriesContext(connections["region_eu"]) as region:
        response = client.get("/api/v1/staff/vendors/?page_size=50")
    assert response.status_code == 200
    return len(response.json()["results"]), len(region.captured_queries)


def test_staff_list_query_count_does_not_grow_with_the_page(api_for, eu, staff, make_user):
    client = api_for(eu, staff)
    make_vendor(eu, make_user(eu))
    one = _list_queries(client)
    for _ in range(19):
        make_vendor(eu, make_user(eu))
    twenty = _list_queries(client)
    # the signed-in user, the count, the page
    assert (one, twenty) == ((1, 3), (20, 3))


def test_vendor_staff_member_cannot_approve_its_own_vendor(api_for, eu, make_user):
    member = make_user(eu)
    vendor = make_vendor(eu, status=Vendor.Status.PENDING)
    add_member(eu, vendor, member, VendorRole.STAFF)
    assert api_for(eu, member).post(_url(vendor, "approve"), format="json").status_code == 403
    assert _state(eu, vendor) == ("pending", 0)


def test_staff_detail_query_count_does_not_grow_with_history_or_team(api_for, eu, staff, make_user):
    vendor = make_vendor(eu, make_user(eu), status=Vendor.Status.APPROVED)
    client = api_for(eu, staff)

    def count():
        with CaptureQueriesContext(connections["region_eu"]) as region:
            assert client.get(_url(vendor)).status_code == 200
        return len(region.captured_queries)

    small = count()
    with use_tenant(eu):
        for n in range(10):
            VendorStatusEvent.objects.create(vendor=vendor, from_status="approved", to_status="suspended",
                                             actor=staff, reason=f"r{n}")  # fmt: skip
    for _ in range(5):
        add_member(eu, vendor, make_user(eu), VendorRole.STAFF)
    # the signed-in user, the vendor, its history (with actors), its team (with users)
    assert (small, count()) == (4, 4)
    assert len(client.get(_url(vendor)).json()["status_history"]) == 10
