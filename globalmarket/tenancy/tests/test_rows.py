"""tenancy.rows.tenant_row: the same object as the ORM's get(), in the current tenant only."""

from typing import Any

import pytest
from django.db import connections

from globalmarket.accounts.models import User
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.rows import tenant_row

pytestmark = pytest.mark.django_db


def _fields(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_tenant_row_equals_the_orm_object(eu, make_user, django_assert_num_queries) -> None:
    user = make_user(eu, full_name="Anna", phone="+31612345678", is_platform_admin=True)
    with use_tenant(eu):
        expected = User.objects.get(pk=user.pk)
        with django_assert_num_queries(1, connection=connections[eu.database_alias]):
            found = tenant_row(User, user.pk)
        assert found is not None
        assert _fields(found) == _fields(expected)
        assert {k: type(v) for k, v in _fields(found).items()} == {
            k: type(v) for k, v in _fields(expected).items()
        }
        assert found._state.db == eu.database_alias and not found._state.adding
        assert tenant_row(User, str(user.pk)) == expected  # a claim may be a string


def test_tenant_row_is_none_for_other_tenants_missing_and_bad_ids(eu, mena, make_user) -> None:
    user = make_user(eu)
    with use_tenant(eu):
        assert tenant_row(User, user.pk + 1000) is None
        assert tenant_row(User, "not-a-number") is None
        User.unscoped.using(eu.database_alias).filter(pk=user.pk).update(tenant_id=mena.id)
        assert tenant_row(User, user.pk) is None
