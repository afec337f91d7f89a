"""tenancy.rows.tenant_row: the same object as the ORM's get(), in the current tenant only."""

from typing import Any

import pytest
from django.db import connections

from globalmarket.accounts.models import User
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.rows import tenant_row

pytestmark = pytest.mark.django_db


def _fields(obj: Any) -> dict[str, Any]:
    """Every column's value and its type (Decimal("1.25") == 1.25, so the type matters too)."""
    return {
        f.attname: (getattr(obj, f.attname), type(getattr(obj, f.attname)))
        for f in type(obj)._meta.concrete_fields
    }


def test_tenant_row_equals_the_orm_object(eu, make_user, django_assert_num_queries) -> None:
    user = make_user(eu, full_name="Anna", phone="+31612345678", is_platform_admin=True)
    with use_tenant(eu):
        expected = User.objects.get(pk=user.pk)
        with django_assert_num_queries(1, connection=connections[eu.database_alias]):
            found = tenant_row(User, user.pk)
        assert found is not None
        assert _fields(found) == _fields(expected)
        assert {k: t for k, (_, t) in _fields(found).items()} == {
            k: t for k, (_, t) in _fields(expected).items()
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


def _tree(line: Any) -> list[dict[str, Any]]:
    variant = line.variant
    product = variant.product
    return [_fields(o) for o in (line, variant, product, product.vendor, product.category)]


def test_row_reader_gives_the_querysets_objects(
    eu, mena, make_user, django_assert_num_queries
) -> None:
    from globalmarket.cart.models import CartLine
    from globalmarket.cart.selectors import checkout_lines, variants_by_id
    from globalmarket.catalog.models import ProductVariant
    from globalmarket.orders.tests.factories import fill_cart, make_variant, make_vendor

    shopper, other = make_user(eu), make_user(eu)
    with use_tenant(eu):
        shops = [make_vendor(name="A"), make_vendor(name="B")]
        variants = [make_variant(vendor=shops[i % 2], price=f"{i + 1}.25") for i in range(3)]
        fill_cart(shopper, (variants[2], 3), (variants[0], 1), (variants[1], 2))
        fill_cart(other, (variants[0], 5))
        expected = list(
            CartLine.objects.filter(cart__user=shopper)
            .select_related("variant__product__vendor", "variant__product__category")
            .order_by("added_at", "id")
        )
        alias = connections[eu.database_alias]
        with django_assert_num_queries(1, connection=alias):
            lines = checkout_lines(shopper)
            trees = [_tree(line) for line in lines]  # the relations are loaded: no more queries
        assert [line.pk for line in lines] == [line.pk for line in expected]
        assert trees == [_tree(line) for line in expected]
        assert all(line._state.db == eu.database_alias for line in lines)

        ids = [variants[1].pk, variants[0].pk, variants[1].pk, 10**9]
        with django_assert_num_queries(1, connection=alias):
            found = variants_by_id(ids)
            loaded = {
                pk: (_fields(v), _fields(v.product), _fields(v.product.vendor))
                for pk, v in found.items()
            }
        orm = ProductVariant.objects.filter(id__in=ids).select_related("product__vendor")
        assert loaded == {
            v.pk: (_fields(v), _fields(v.product), _fields(v.product.vendor)) for v in orm
        }
        assert variants_by_id([]) == {}

        # The tenant filter is kept on the base table.
        CartLine.unscoped.using(eu.database_alias).filter(pk=lines[0].pk).update(tenant_id=mena.id)
        assert [line.pk for line in checkout_lines(shopper)] == [line.pk for line in expected[1:]]
        assert checkout_lines(make_user(eu)) == []


def test_rate_table_commission_rules_and_cart_equal_the_orm(eu, make_user) -> None:
    from decimal import Decimal

    from globalmarket.cart.models import Cart
    from globalmarket.cart.selectors import cart_for
    from globalmarket.checkout.models import TaxRate
    from globalmarket.checkout.tax import rate_table
    from globalmarket.ledger.commission import CommissionBook
    from globalmarket.ledger.models import CommissionRule
    from globalmarket.orders.tests.factories import make_vendor

    shopper = make_user(eu)
    with use_tenant(eu):
        TaxRate.objects.create(country="NL", tax_class="reduced", rate=Decimal("0.0800"))
        TaxRate.objects.create(country="LU", tax_class="standard", rate=Decimal("0.1700"))
        table = rate_table()
        assert table[("NL", "reduced")] == Decimal("0.0800")
        assert table[("LU", "standard")] == Decimal("0.1700")
        assert table[("NL", "standard")] == Decimal("0.21")  # the default stays
        vendor = make_vendor()
        CommissionRule.objects.create(vendor=vendor, rate=Decimal("0.0500"))
        CommissionRule.objects.create(rate=Decimal("0.1200"))
        CommissionRule.objects.create(rate=Decimal("0.3000"), is_active=False, vendor=make_vendor())
        book = CommissionBook()
        orm = list(CommissionRule.objects.filter(is_active=True))
        assert [_fields(r) for r in book.by_vendor.values()] == [_fields(orm[0])]
        assert book.default is not None and _fields(book.default) == _fields(orm[1])
        assert cart_for(user=shopper) is None
        cart = Cart.objects.create(user=shopper)
        found = cart_for(user=shopper)
        assert found is not None and _fields(found) == _fields(Cart.objects.get(pk=cart.pk))


def test_insert_rows_writes_what_the_orm_reads_back(
    eu, make_user, django_assert_num_queries
) -> None:
    from globalmarket.orders.models import Order, OrderEvent
    from globalmarket.orders.tests.factories import make_variant, place
    from globalmarket.tenancy.rows import insert_rows

    shopper = make_user(eu)
    with use_tenant(eu):
        order = place(shopper, (make_variant(), 1))
        events = [
            OrderEvent(order=order, actor=shopper if i % 2 else None, actor_role="system",
                       kind="note", note=f"n{i}", data={"i": i, "nested": ["ü", None]})
            for i in range(120)
        ]  # fmt: skip
        # 120 rows x 10 columns: one statement on PostgreSQL, batches under SQLite's 999 parameters.
        statements = 1 if connections[eu.database_alias].vendor == "postgresql" else 2
        with django_assert_num_queries(statements, connection=connections[eu.database_alias]):
            assert insert_rows(events) is events
        assert all(e.pk is not None and not e._state.adding for e in events)
        assert all(e._state.db == eu.database_alias and e.tenant_id == eu.id for e in events)
        assert all(e.created_at is not None for e in events)  # auto_now_add, by pre_save
        stored = {e.pk: e for e in OrderEvent.objects.filter(kind="note")}
        assert len(stored) == 120
        assert all(_fields(stored[e.pk]) == _fields(e) for e in events)

        (copy,) = insert_rows([Order(**{
            f.attname: getattr(order, f.attname)
            for f in Order._meta.concrete_fields if f.attname not in {"id", "number"}
        }, number="X-1")])  # fmt: skip
        # (values only: in memory the statuses are the TextChoices members given)
        assert {k: v for k, (v, _) in _fields(Order.objects.get(pk=copy.pk)).items()} == {
            k: v for k, (v, _) in _fields(copy).items()
        }


def test_insert_rows_refuses_unsaved_related_objects_and_writes_nothing(eu, make_user) -> None:
    from globalmarket.orders.models import Order, OrderEvent
    from globalmarket.tenancy.rows import insert_rows

    with use_tenant(eu):
        with pytest.raises(ValueError, match="unsaved related object 'order'"):
            insert_rows([OrderEvent(order=Order(), actor_role="system")])
        assert OrderEvent.objects.count() == 0
        assert insert_rows([]) == []


def test_cart_lines_locked_equal_the_orm_and_lock_on_postgresql(eu, make_user) -> None:
    from django.test.utils import CaptureQueriesContext

    from globalmarket.cart.models import CartLine
    from globalmarket.cart.selectors import cart_lines_locked
    from globalmarket.orders.tests.factories import fill_cart, make_variant
    from globalmarket.tenancy.db import atomic

    shopper = make_user(eu)
    connection = connections[eu.database_alias]
    with use_tenant(eu):
        cart = fill_cart(shopper, (make_variant(), 2), (make_variant(), 1))
        with atomic(), CaptureQueriesContext(connection) as queries:
            lines = cart_lines_locked(cart)
        expected = list(CartLine.objects.filter(cart=cart).order_by("id"))
        assert [_fields(line) for line in lines] == [_fields(line) for line in expected]
        locks = connection.vendor == "postgresql"
        assert [
            q["sql"].endswith(" FOR UPDATE")
            for q in queries.captured_queries
            if "SELECT" in q["sql"]
        ] == [locks]
