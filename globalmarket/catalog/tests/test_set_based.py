"""Catalog writes whose query count must not grow with the data: category moves, moderation."""

from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.accounts.roles import StaffRole
from globalmarket.catalog import services
from globalmarket.catalog.models import Category, Product
from globalmarket.catalog.tests.factories import CategoryFactory, ProductFactory
from globalmarket.tenancy.context import require_tenant, use_tenant

pytestmark = pytest.mark.django_db


def _chain(parent: Category, depth: int, prefix: str) -> list[Category]:
    chain = []
    for level in range(depth):
        parent = CategoryFactory(slug=f"{prefix}-{level}", parent=parent)
        chain.append(parent)
    return chain


def _move_subtree(depth: int, tag: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Build home/outdoor/<depth deep>/… and a sibling, move outdoor under garden, check paths."""
    home, garden = CategoryFactory(slug=f"home-{tag}"), CategoryFactory(slug=f"garden-{tag}")
    moved = CategoryFactory(slug=f"outdoor-{tag}", parent=home)
    chain = _chain(moved, depth, f"deep-{tag}")
    sibling = CategoryFactory(slug=f"outdoor-lights-{tag}", parent=moved)
    untouched = CategoryFactory(slug=f"kitchen-{tag}", parent=home)
    ProductFactory(category=chain[-1])
    moved = Category.objects.select_related("parent").get(pk=moved.pk)
    with CaptureQueriesContext(connections[require_tenant().database_alias]) as region:
        services.category_update(category=moved, parent=garden)
    paths = dict(Category.objects.values_list("pk", "path"))
    assert paths[moved.pk] == f"/{garden.pk}/{moved.pk}/"
    expected = f"/{garden.pk}/{moved.pk}/"
    for category in chain:
        expected += f"{category.pk}/"
        assert paths[category.pk] == expected
    assert paths[sibling.pk] == f"/{garden.pk}/{moved.pk}/{sibling.pk}/"
    assert paths[untouched.pk] == f"/{home.pk}/{untouched.pk}/"
    assert paths[home.pk] == f"/{home.pk}/"
    assert Category.objects.filter(path__startswith=f"/{garden.pk}/").count() == depth + 3
    assert Category.objects.filter(path__startswith=f"/{home.pk}/").count() == 2
    sql = [q["sql"] for q in region.captured_queries]
    return [q for q in sql if q.startswith('UPDATE "catalog_category"')], region.captured_queries


def test_moving_a_category_rewrites_its_whole_subtree_in_one_update(in_eu: Any) -> None:
    shallow_updates, shallow = _move_subtree(1, "a")
    deep_updates, deep = _move_subtree(12, "b")
    # The moved row itself and one UPDATE for its subtree, however deep the subtree is.
    assert len(shallow_updates) == len(deep_updates) == 2, deep_updates
    assert len(deep) == len(shallow)


def test_moving_a_category_to_the_top_level(in_eu: Any) -> None:
    home = CategoryFactory(slug="home")
    moved = CategoryFactory(slug="outdoor", parent=home)
    (child,) = _chain(moved, 1, "child")
    services.category_update(category=Category.objects.get(pk=moved.pk), parent=None)
    child.refresh_from_db()
    assert child.path == f"/{moved.pk}/{child.pk}/"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_staff_moderation_loads_the_product_once(eu: Any, staff_client: Any, action: str) -> None:
    with use_tenant(eu):
        product = ProductFactory(status=Product.Status.PENDING_REVIEW)
    staff = staff_client(eu, StaffRole.SUPPORT)
    body = {"reason": "Photos missing"} if action == "reject" else {}
    with CaptureQueriesContext(connections[eu.database_alias]) as region:
        response = staff.post(f"/api/v1/staff/products/{product.pk}/{action}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ("published" if action == "approve" else "draft")
    product_reads = [
        q["sql"] for q in region.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "catalog_product"' in q["sql"]
    ]  # fmt: skip
    assert len(product_reads) == 1, product_reads
