import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connections
from django.test import RequestFactory, override_settings

from globalmarket.audit.admin import AuditLogAdmin
from globalmarket.audit.context import audit_actor
from globalmarket.audit.models import AppendOnlyError, AuditLog
from globalmarket.audit.services import audit_log, changes
from globalmarket.tenancy.db import atomic

pytestmark = pytest.mark.django_db


def test_entry_serialises_decimals_and_dates_and_defaults_to_system(in_eu: Any) -> None:
    entry = audit_log(action="price.change", resource_type="product", resource_id=12,
                      old={"price": Decimal("9.90"), "since": dt.date(2026, 1, 2)},
                      new={"price": Decimal("12.50")})  # fmt: skip
    stored = AuditLog.objects.get(pk=entry.pk)
    assert stored.old_values == {"price": "9.90", "since": "2026-01-02"}
    assert stored.new_values == {"price": "12.50"}
    assert (stored.resource_type, stored.resource_id, stored.action) == (
        "product",
        "12",
        "price.change",
    )
    assert (stored.actor_id, stored.actor_email, stored.actor_role) == (None, "", "system")
    assert stored.tenant_id == in_eu.id


def test_explicit_actor_context(in_eu: Any, make_user: Any) -> None:
    staff = make_user(in_eu, email="fin@example.test", staff_role="finance")
    with audit_actor(user=staff, ip="10.0.0.9", user_agent="cli/1"):
        entry = audit_log(action="payout.approve", resource_type="payout", resource_id="P-1")
    assert (entry.actor_id, entry.actor_email, entry.actor_role) == (staff.pk, "fin@example.test",
                                                                     "staff:finance")  # fmt: skip
    assert (entry.ip_address, entry.user_agent) == ("10.0.0.9", "cli/1")


def test_actor_argument_and_role_override(in_eu: Any, make_user: Any) -> None:
    owner = make_user(in_eu, email="owner@example.test")
    entry = audit_log(action="product.update", resource_type="product", resource_id=1,
                      actor=owner, actor_role="vendor:acme:owner")  # fmt: skip
    assert (entry.actor_email, entry.actor_role) == ("owner@example.test", "vendor:acme:owner")


def test_entry_rolls_back_with_the_change(in_eu: Any) -> None:
    with pytest.raises(ValueError), atomic():
        audit_log(action="x.y", resource_type="x", resource_id=1)
        raise ValueError("the change failed")
    assert AuditLog.objects.count() == 0


def test_rows_cannot_be_updated_or_deleted_through_django(in_eu: Any) -> None:
    entry = audit_log(action="x.y", resource_type="x", resource_id=1, new={"a": 1})
    entry.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get().action == "x.y"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_logs SET action = 'rewritten'", "DELETE FROM audit_logs"]
)
def test_postgres_itself_refuses_update_and_delete(in_eu: Any, sql: str) -> None:
    audit_log(action="x.y", resource_type="x", resource_id=1)
    cursor = connections[in_eu.database_alias].cursor()
    with pytest.raises(DatabaseError, match="append-only"), atomic():
        cursor.execute(sql)
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["x.y"]


@override_settings(ROOT_URLCONF="globalmarket.audit.tests.urls_for_tests")
def test_token_authenticated_request_is_attributed(eu: Any, make_user: Any, api_for: Any) -> None:
    user = make_user(eu, email="admin@example.test", staff_role="admin")
    client = api_for(eu, user)
    response = client.post("/touch/", HTTP_USER_AGENT="pytest-agent", REMOTE_ADDR="192.0.2.4")
    assert response.status_code == 200, response.content
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(eu):
        entry = AuditLog.objects.get(pk=response.json()["id"])
    assert (entry.actor_id, entry.actor_email, entry.actor_role) == (user.pk, "admin@example.test",
                                                                     "staff:admin")  # fmt: skip
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.4", "pytest-agent")
    assert entry.request_id == response["X-Request-ID"]


@override_settings(ROOT_URLCONF="globalmarket.audit.tests.urls_for_tests")
def test_anonymous_request_is_attributed_as_anonymous(eu: Any, api_for: Any) -> None:
    response = api_for(eu).post("/touch/", REMOTE_ADDR="192.0.2.5")
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(eu):
        entry = AuditLog.objects.get(pk=response.json()["id"])
    assert (entry.actor_id, entry.actor_role, entry.ip_address) == (None, "anonymous", "192.0.2.5")


def test_changes_keeps_only_differences() -> None:
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_admin_is_read_only(rf: RequestFactory) -> None:
    admin = AuditLogAdmin(AuditLog, site)
    request = rf.get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
