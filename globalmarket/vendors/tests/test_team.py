import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import VendorInvitation, VendorMember
from globalmarket.vendors.team import hash_token

from .conftest import add_member, make_vendor

pytestmark = pytest.mark.django_db
INVITE = "/api/v1/vendor/members/invitations/"
ACCEPT = "/api/v1/vendor/invitations/accept/"


def _invite(client, email="piet@example.test", role="manager"):
    return client.post(INVITE, {"email": email, "role": role}, format="json")


def _token_from_mail():
    match = re.search(r"/vendor/invitations/([\w-]+)/", mail.outbox[-1].body)
    assert match is not None
    return match.group(1)


def _members(tenant, vendor):
    with use_tenant(tenant):
        return sorted((m.user.email, m.role) for m in VendorMember.objects.filter(vendor=vendor))


def test_invite_accept_and_replay(api_for, eu, owner, make_user, run_on_commit):
    vendor = make_vendor(eu, owner, name="AudioTech B.V.")
    with run_on_commit():
        created = _invite(api_for(eu, owner), email="Piet@Example.test")
    assert created.status_code == 201, created.json()
    assert created.json()["email"] == "piet@example.test"
    assert created.json()["role"] == "manager"
    assert "token" not in created.json()
    assert mail.outbox[-1].to == ["piet@example.test"]
    token = _token_from_mail()
    with use_tenant(eu):
        invitation = VendorInvitation.objects.get()
        assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
        assert invitation.sent_at is not None
    piet = make_user(eu, email="piet@example.test")
    accepted = api_for(eu, piet).post(ACCEPT, {"token": token}, format="json")
    assert accepted.status_code == 201
    assert (accepted.json()["email"], accepted.json()["role"]) == ("piet@example.test", "manager")
    assert _members(eu, vendor) == [
        ("owner@example.test", "owner"),
        ("piet@example.test", "manager"),
    ]
    replay = api_for(eu, piet).post(ACCEPT, {"token": token}, format="json")
    assert replay.status_code == 404
    assert replay.json()["error"]["code"] == "invitation_invalid"
    assert len(_members(eu, vendor)) == 2


def test_invitation_for_another_email_is_refused(api_for, eu, owner, make_user, run_on_commit):
    vendor = make_vendor(eu, owner)
    with run_on_commit():
        _invite(api_for(eu, owner))
    token = _token_from_mail()
    intruder = make_user(eu, email="mallory@example.test")
    response = api_for(eu, intruder).post(ACCEPT, {"token": token}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invitation_email_mismatch"
    assert _members(eu, vendor) == [("owner@example.test", "owner")]
    # The invitation stays usable by the right person.
    piet = make_user(eu, email="piet@example.test")
    assert api_for(eu, piet).post(ACCEPT, {"token": token}, format="json").status_code == 201


def test_expired_unknown_and_other_region_tokens(
    api_for, eu, mena, owner, make_user, run_on_commit
):
    make_vendor(eu, owner)
    with run_on_commit():
        _invite(api_for(eu, owner))
    token = _token_from_mail()
    piet_mena = make_user(mena, email="piet@example.test")
    assert api_for(mena, piet_mena).post(ACCEPT, {"token": token}, format="json").status_code == 404
    piet = make_user(eu, email="piet@example.test")
    assert api_for(eu, piet).post(ACCEPT, {"token": "x" * 43}, format="json").status_code == 404
    with use_tenant(eu):
        VendorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_for(eu, piet).post(ACCEPT, {"token": token}, format="json").status_code == 404
    too_long = api_for(eu, piet).post(ACCEPT, {"token": "x" * 10_000}, format="json")
    assert too_long.json()["error"]["fields"]["token"][0]["code"] == "max_length"


def test_a_new_invitation_replaces_the_open_one(api_for, eu, owner, make_user, run_on_commit):
    make_vendor(eu, owner)
    client = api_for(eu, owner)
    with run_on_commit():
        _invite(client)
    first = _token_from_mail()
    with run_on_commit():
        _invite(client, role="staff")
    second = _token_from_mail()
    assert [i["role"] for i in client.get(INVITE).json()] == ["staff"]
    piet = make_user(eu, email="piet@example.test")
    assert api_for(eu, piet).post(ACCEPT, {"token": first}, format="json").status_code == 404
    assert (
        api_for(eu, piet).post(ACCEPT, {"token": second}, format="json").json()["role"] == "staff"
    )


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"email": "piet@example.test", "role": "owner"}, "role", "invalid_choice"),
    ({"email": "nope", "role": "staff"}, "email", "invalid"),
    ({"role": "staff"}, "email", "required"),
    ({"email": "a" * 10_000 + "@example.test", "role": "staff"}, "email", "max_length"),
])  # fmt: skip
def test_bad_invitations(api_for, eu, owner, body, field, code):
    make_vendor(eu, owner)
    response = api_for(eu, owner).post(INVITE, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field][0]["code"] == code
    with use_tenant(eu):
        assert VendorInvitation.objects.count() == 0


def test_inviting_a_member_again_is_a_conflict(api_for, eu, owner):
    make_vendor(eu, owner)
    response = _invite(api_for(eu, owner), email="owner@example.test")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_member"


@pytest.mark.parametrize("role", [VendorRole.MANAGER, VendorRole.STAFF])
def test_only_owners_manage_the_team(api_for, eu, owner, make_user, role):
    vendor = make_vendor(eu, owner)
    member = make_user(eu)
    add_member(eu, vendor, member, role)
    client = api_for(eu, member)
    assert _invite(client).status_code == 403
    assert client.get("/api/v1/vendor/members/").status_code == 403
    with use_tenant(eu):
        owner_member = VendorMember.objects.get(user=owner)
        assert VendorInvitation.objects.count() == 0
    assert client.delete(f"/api/v1/vendor/members/{owner_member.pk}/").status_code == 403
    assert len(_members(eu, vendor)) == 2


def test_change_role_and_remove(api_for, eu, owner, make_user):
    vendor = make_vendor(eu, owner)
    member = add_member(eu, vendor, make_user(eu, email="piet@example.test"), VendorRole.STAFF)
    client = api_for(eu, owner)
    listed = client.get("/api/v1/vendor/members/").json()
    assert [(m["email"], m["role"]) for m in listed] == [("owner@example.test", "owner"),
                                                          ("piet@example.test", "staff")]  # fmt: skip
    changed = client.patch(
        f"/api/v1/vendor/members/{member.pk}/", {"role": "manager"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["role"] == "manager"
    bad = client.patch(f"/api/v1/vendor/members/{member.pk}/", {"role": "boss"}, format="json")
    assert bad.json()["error"]["fields"]["role"][0]["code"] == "invalid_choice"
    assert client.delete(f"/api/v1/vendor/members/{member.pk}/").status_code == 204
    assert _members(eu, vendor) == [("owner@example.test", "owner")]


def test_the_last_owner_stays(api_for, eu, owner, make_user):
    vendor = make_vendor(eu, owner)
    client = api_for(eu, owner)
    with use_tenant(eu):
        me = VendorMember.objects.get(user=owner)
    for response in (client.delete(f"/api/v1/vendor/members/{me.pk}/"),
                     client.patch(f"/api/v1/vendor/members/{me.pk}/", {"role": "manager"}, format="json")):  # fmt: skip
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "last_owner"
    assert _members(eu, vendor) == [("owner@example.test", "owner")]
    # With a second owner, the first may step down.
    other = add_member(eu, vendor, make_user(eu, email="co@example.test"), VendorRole.OWNER)
    assert (
        client.patch(
            f"/api/v1/vendor/members/{me.pk}/", {"role": "manager"}, format="json"
        ).status_code
        == 200
    )
    assert _members(eu, vendor) == [("co@example.test", "owner"), ("owner@example.test", "manager")]
    assert other.pk


def test_member_of_vendor_a_cannot_touch_vendor_b(api_for, eu, owner, make_user):
    make_vendor(eu, owner, slug="vendor-a")
    other_owner = make_user(eu, email="b@example.test")
    vendor_b = make_vendor(eu, other_owner, slug="vendor-b")
    b_staff = add_member(eu, vendor_b, make_user(eu, email="bstaff@example.test"), VendorRole.STAFF)
    client = api_for(eu, owner)
    assert client.patch(f"/api/v1/vendor/members/{b_staff.pk}/", {"role": "manager"},
                        format="json").status_code == 404  # fmt: skip
    response = client.delete(f"/api/v1/vendor/members/{b_staff.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "member_not_found"
    named = client.get("/api/v1/vendor/members/", HTTP_X_VENDOR="vendor-b")
    assert named.status_code == 404
    assert _members(eu, vendor_b) == [("b@example.test", "owner"), ("bstaff@example.test", "staff")]
