"""Region data stays in its region: databases, tokens, caches, tasks."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from globalmarket.accounts.models import User
from globalmarket.tenancy.context import NoTenantError, use_tenant

pytestmark = pytest.mark.django_db


def _rows(alias: str) -> list[tuple[str, str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT email, tenant_id FROM accounts_user ORDER BY email")
        return [(email, str(tenant_id).replace("-", "")) for email, tenant_id in cursor.fetchall()]


def test_demo_data_of_each_region_is_only_in_its_database(tenants, make_user):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    eu, mena = tenants["eu"], tenants["mena"]
    make_user(eu, email="only-in-europe@example.test")
    eu_rows, mena_rows = _rows("region_eu"), _rows("region_mena")
    assert {t for _, t in eu_rows} == {eu.id.hex}
    assert {t for _, t in mena_rows} == {mena.id.hex}
    assert "only-in-europe@example.test" in {e for e, _ in eu_rows}
    assert "only-in-europe@example.test" not in {e for e, _ in mena_rows}
    assert "customer@demo.globalmarket.test" in {e for e, _ in mena_rows}
    with connections["default"].cursor() as cursor:
        tables = connections["default"].introspection.table_names(cursor)
    assert "accounts_user" not in tables, "the control plane must hold no personal data"


def test_region_queries_need_a_tenant(tenants):
    with pytest.raises(NoTenantError):
        User.objects.count()


def test_scoped_manager_filters_by_tenant_id_as_second_guard(eu, mena, make_user):
    user = make_user(eu, email="a@example.test")
    # Even if a row were in the wrong database, the tenant_id filter hides it.
    with use_tenant(mena):
        assert not User.objects.using("region_eu").filter(pk=user.pk).exists()
    with use_tenant(eu):
        assert User.objects.filter(pk=user.pk).exists()


def test_cache_entries_of_one_region_are_never_read_by_another(eu, mena):
    with use_tenant(eu):
        cache.set("product:1", "europe")
    with use_tenant(mena):
        assert cache.get("product:1") is None
        cache.set("product:1", "mena")
    with use_tenant(eu):
        assert cache.get("product:1") == "europe"
