import csv
import io
from typing import Any

import pytest
from django.db import connections

from globalmarket.audit.context import audit_actor
from globalmarket.audit.services import audit_log
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/staff/audit-logs/"


@pytest.fixture
def logs(eu: Any, make_user: Any) -> dict[str, Any]:
    admin = make_user(eu, email="admin@example.test", staff_role="admin")
    vendor = make_user(eu, email="vendor@example.test")
    with use_tenant(eu):
        with audit_actor(user=vendor, role="vendor:acme:owner"):
            audit_log(action="product.update", resource_type="product", resource_id=1,
                      old={"price": "1.00"}, new={"price": "2.00"})  # fmt: skip
            audit_log(action="product.update", resource_type="product", resource_id=2)
        with audit_actor(user=admin):
            audit_log(action="vendor.approve", resource_type="vendor", resource_id=9,
                      new={"status": "approved", "note": "café, \"ok\""})  # fmt: skip
    return {"admin": admin, "vendor": vendor}


def test_list_filters_by_actor_action_and_resource(eu: Any, api_for: Any, logs: Any) -> None:
    client = api_for(eu, logs["admin"])
    body = client.get(URL, {"actor": "vendor@example.test"}).json()
    assert [r["resource_id"] for r in body["results"]] == ["2", "1"]
    assert body["results"][1]["old_values"] == {"price": "1.00"}
    assert body["results"][1]["actor_role"] == "vendor:acme:owner"
    assert client.get(URL, {"action": "vendor.approve"}).json()["count"] == 1
    assert client.get(URL, {"resource_type": "product", "resource_id": "1"}).json()["count"] == 1
    assert client.get(URL, {"actor": str(logs["admin"].pk)}).json()["count"] == 1
    assert client.get(URL, {"until": "2000-01-01T00:00:00Z"}).json()["count"] == 0
    assert client.get(URL, {"since": "2000-01-01T00:00:00Z"}).json()["count"] == 3


def test_bad_filters_are_400_with_field_codes(eu: Any, api_for: Any, logs: Any) -> None:
    response = api_for(eu, logs["admin"]).get(URL, {"since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["since"][0]["code"] == "invalid"
    response = api_for(eu, logs["admin"]).get(
        URL, {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"})  # fmt: skip
    assert response.json()["error"]["fields"]["until"][0]["code"] == "invalid"


def test_only_staff_with_audit_view(
    eu: Any, mena: Any, api_for: Any, make_user: Any, logs: Any
) -> None:
    finance = make_user(eu, email="fin@example.test", staff_role="finance")
    assert api_for(eu, finance).get(URL).status_code == 403
    assert api_for(eu, logs["vendor"]).get(URL).status_code == 403
    assert api_for(eu).get(URL).status_code == 401
    mena_admin = make_user(mena, email="admin@mena.test", staff_role="admin")
    assert api_for(mena, mena_admin).get(URL).json()["count"] == 0  # other region's log


def test_list_query_count_does_not_grow_with_page(eu: Any, api_for: Any, logs: Any,
                                                  django_assert_num_queries: Any) -> None:  # fmt: skip
    client = api_for(eu, logs["admin"])
    with use_tenant(eu):
        for n in range(20):
            audit_log(action="x.y", resource_type="x", resource_id=n)
    # user by token, count, page
    with django_assert_num_queries(3, connection=connections["region_eu"]):
        assert len(client.get(URL, {"page_size": 23}).json()["results"]) == 23


def test_csv_export(eu: Any, api_for: Any, logs: Any) -> None:
    response = api_for(eu, logs["admin"]).get(URL + "export/", {"action": "vendor.approve"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "created_at", "actor_id"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["actor_email"] == "admin@example.test"
    assert row["new_values"] == '{"note": "café, \\"ok\\"", "status": "approved"}'
    assert row["old_values"] == ""
