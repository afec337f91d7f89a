import json

import pytest

from globalmarket.accounts.roles import VendorRole
from globalmarket.audit.models import AuditLog
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor, VendorMember

from .conftest import RAW_IBAN, add_member, application, make_vendor

pytestmark = pytest.mark.django_db


def _entries(tenant):
    with use_tenant(tenant):
        return [(e.action, e.actor_email, e.actor_role, e.resource_type, e.resource_id)
                for e in AuditLog.objects.order_by("created_at", "id")]  # fmt: skip


def test_every_vendor_and_staff_change_is_audited(api_for, eu, make_user, staff):
    ana = make_user(eu, email="ana@example.test")
    client = api_for(eu, ana)
    slug = client.post("/api/v1/vendors/apply/", application(), format="json").json()["slug"]
    with use_tenant(eu):
        vendor = Vendor.objects.get()
    vid = str(vendor.pk)
    api_for(eu, staff).post(f"/api/v1/staff/vendors/{vid}/approve/", format="json")
    client.patch("/api/v1/vendor/profile/", {"name": "AudioTech Europe B.V.",
                 "payout": {"iban": "DE65100700000123456789", "account_holder": "AT", "bic": ""}}, format="json")  # fmt: skip
    client.post("/api/v1/vendor/members/invitations/", {"email": "piet@example.test", "role": "staff"},
                format="json")  # fmt: skip
    piet = make_user(eu, email="piet@example.test")
    member = add_member(eu, vendor, make_user(eu, email="kim@example.test"), VendorRole.STAFF)
    client.patch(f"/api/v1/vendor/members/{member.pk}/", {"role": "manager"}, format="json")
    client.delete(f"/api/v1/vendor/members/{member.pk}/")
    owner_role = f"vendor:{slug}:owner"
    assert _entries(eu) == [
        ("vendor.apply", "ana@example.test", owner_role, "vendor", vid),
        ("vendor.approve", "reviewer@example.test", "staff:admin", "vendor", vid),
        ("vendor.update_profile", "ana@example.test", owner_role, "vendor", vid),
        ("vendor.member_invite", "ana@example.test", owner_role, "vendor", vid),
        ("vendor.member_role", "ana@example.test", owner_role, "vendor", vid),
        ("vendor.member_remove", "ana@example.test", owner_role, "vendor", vid),
    ]
    with use_tenant(eu):
        update = AuditLog.objects.get(action="vendor.update_profile")
        assert update.old_values == {"name": "AudioTech B.V.", "iban": "NL** **** **** **** 3210",
                                     "account_holder": "AudioTech B.V.", "bic": "INGBNL2A"}  # fmt: skip
        assert update.new_values == {"name": "AudioTech Europe B.V.", "iban": "DE** **** **** **** 6789",
                                     "account_holder": "AT", "bic": ""}  # fmt: skip
        approve = AuditLog.objects.get(action="vendor.approve")
        assert (approve.old_values["status"], approve.new_values["status"]) == (
            "pending",
            "approved",
        )
        everything = json.dumps([[e.old_values, e.new_values] for e in AuditLog.objects.all()])
    assert RAW_IBAN not in everything and "DE65100700000123456789" not in everything
    assert piet.pk


def test_refused_changes_leave_no_audit_entry(api_for, eu, owner, staff):
    vendor = make_vendor(eu, owner, status="approved")
    api_for(eu, staff).post(f"/api/v1/staff/vendors/{vendor.pk}/approve/", format="json")
    api_for(eu, owner).patch("/api/v1/vendor/profile/", {"vat_number": "NL1"}, format="json")
    with use_tenant(eu):
        me = VendorMember.objects.get(user=owner)
    api_for(eu, owner).delete(f"/api/v1/vendor/members/{me.pk}/")
    assert _entries(eu) == []


def test_joining_a_team_is_audited_as_the_new_member(api_for, eu, owner, make_user, run_on_commit):
    from django.core import mail

    vendor = make_vendor(eu, owner, slug="audiotech")
    with run_on_commit():
        api_for(eu, owner).post("/api/v1/vendor/members/invitations/",
                                {"email": "piet@example.test", "role": "manager"}, format="json")  # fmt: skip
    token = mail.outbox[-1].body.split("/vendor/invitations/")[1].split("/")[0]
    piet = make_user(eu, email="piet@example.test")
    api_for(eu, piet).post("/api/v1/vendor/invitations/accept/", {"token": token}, format="json")
    assert _entries(eu)[-1] == ("vendor.member_join", "piet@example.test", "vendor:audiotech:manager",
                                "vendor", str(vendor.pk))  # fmt: skip
