"""Staff coupon management: permission, validation, audit."""

import pytest

from globalmarket.accounts.roles import StaffRole
from globalmarket.audit.models import AuditLog
from globalmarket.checkout.models import Coupon
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/staff/coupons/"


def test_staff_creates_and_updates_coupons_with_audit(eu, make_user, api_for) -> None:
    admin = make_user(eu, email="admin@x.test", staff_role=StaffRole.ADMIN)
    client = api_for(eu, admin)
    created = client.post(URL, {"code": "spring-25", "kind": "percentage", "value": "25", "max_uses": 100},
                          format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    assert (created.json()["code"], created.json()["used_count"]) == ("SPRING-25", 0)
    coupon_id = created.json()["id"]
    patched = client.patch(f"{URL}{coupon_id}/", {"is_active": False}, format="json")
    assert patched.json()["is_active"] is False
    assert client.post(URL, {"code": "SPRING-25", "kind": "fixed", "value": "5"}, format="json").json()[
        "error"]["code"] == "coupon_code_taken"  # fmt: skip
    with use_tenant(eu):
        log = AuditLog.objects.get(action="coupon.update")
        assert (log.old_values["is_active"], log.new_values["is_active"], log.actor_email) == (
            "True", "False", "admin@x.test")  # fmt: skip
        assert AuditLog.objects.filter(action="coupon.create").count() == 1


@pytest.mark.parametrize(("payload", "field"), [
    ({"code": "X1", "kind": "percentage", "value": "10"}, "code"),
    ({"code": "BIG", "kind": "percentage", "value": "150"}, "value"),
    ({"code": "NEG", "kind": "fixed", "value": "-1"}, "value"),
    ({"code": "WIN", "kind": "fixed", "value": "5", "starts_at": "2026-02-01T00:00:00Z",
      "ends_at": "2026-01-01T00:00:00Z"}, "ends_at"),
    ({"code": "VEN", "kind": "fixed", "value": "5", "vendor": "nope"}, "vendor"),
    ({"kind": "fixed", "value": "5"}, "code"),
])  # fmt: skip
def test_invalid_coupons_are_refused(eu, make_user, api_for, payload, field) -> None:
    admin = make_user(eu, staff_role=StaffRole.ADMIN)
    response = api_for(eu, admin).post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    with use_tenant(eu):
        assert Coupon.objects.count() == 0


def test_only_coupon_managers(eu, make_user, api_for) -> None:
    support = make_user(eu, staff_role=StaffRole.SUPPORT)
    assert (
        api_for(eu, support)
        .post(URL, {"code": "ABC", "kind": "fixed", "value": "5"}, format="json")
        .status_code
        == 403
    )
    assert api_for(eu, make_user(eu)).get(URL).status_code == 403
    with use_tenant(eu):
        assert Coupon.objects.count() == 0
