"""Dirty marking after commit, the sweep and reconcile tasks, and the rebuild command."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from globalmarket.catalog.cache import catalog_changed
from globalmarket.catalog.models import Product
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.search.models import SearchDirty, SearchDocument
from globalmarket.search.services import mark_dirty
from globalmarket.search.tasks import reconcile, sweep_dirty
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.db import atomic

from .helpers import eu_catalog

pytestmark = pytest.mark.django_db


def doc_names(product: Any) -> dict[str, str]:
    return dict(SearchDocument.objects.filter(product=product).values_list("language", "name_text"))


def test_mark_dirty_reindexes_after_commit(in_eu: Any, run_on_commit: Any) -> None:
    product = ProductFactory(name={"en": "Red lamp", "nl": "Rode lamp"})
    assert doc_names(product) == {}
    with run_on_commit(), atomic():
        mark_dirty([product.id])
        assert SearchDirty.objects.filter(product_id=product.id).exists()
        assert doc_names(product) == {}  # nothing happens before commit
    assert doc_names(product) == {
        "en": "red lamp",
        "nl": "rode lamp",
        "de": "red lamp",
        "fr": "red lamp",
    }
    assert not SearchDirty.objects.exists()


def test_rolled_back_mark_does_nothing(in_eu: Any, run_on_commit: Any) -> None:
    product = ProductFactory()
    with run_on_commit():
        try:
            with atomic():
                mark_dirty([product.id])
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert not SearchDirty.objects.exists() and doc_names(product) == {}


def test_unpublished_product_is_removed_on_reindex(in_eu: Any, run_on_commit: Any) -> None:
    product = ProductFactory(name={"en": "Blue lamp"})
    with run_on_commit():
        mark_dirty([product.id])
    assert len(doc_names(product)) == 4
    Product.objects.filter(id=product.id).update(status=Product.Status.ARCHIVED)
    with run_on_commit():
        mark_dirty([product.id])
    assert doc_names(product) == {}


def test_sweep_processes_leftovers(in_eu: Any) -> None:
    product = ProductFactory(name={"en": "Green lamp"})
    SearchDirty.objects.create(product_id=product.id)
    assert sweep_dirty.apply().get() == 1
    assert doc_names(product)["en"] == "green lamp"
    assert not SearchDirty.objects.exists()


def test_reconcile_catches_vendor_suspension_and_category_rename(
    eu: Any, api_for: Any, run_on_commit: Any
) -> None:
    with use_tenant(eu):
        catalog = eu_catalog()
    assert [
        r["slug"] for r in api_for(eu).get("/api/v1/search/", {"q": "kettle"}).json()["results"]
    ] == ["kettle"]
    with use_tenant(eu):
        vendor = catalog["kettle"].vendor
        vendor.status = "suspended"
        vendor.save()
        audio = catalog["audio"]
        audio.name = {"en": "Hifi"}
        audio.save()
        # What the vendor and catalog services do on every change (empties cached responses).
        catalog_changed()
    # Results are re-checked against the catalog at once; facets/documents catch up on reconcile.
    assert api_for(eu).get("/api/v1/search/", {"q": "kettle"}).json()["results"] == []
    with run_on_commit():
        assert reconcile.apply().get() == 4  # the kettle, and the 3 products in "Audio" (renamed)
    with use_tenant(eu):
        assert doc_names(catalog["kettle"]) == {}
        assert (
            SearchDocument.objects.get(product=catalog["headphones"], language="en").category_name
            == "Hifi"
        )
        assert not SearchDirty.objects.exists()
    assert api_for(eu).get("/api/v1/search/", {"q": "kettle"}).json()["count"] == 0
    assert api_for(eu).get("/api/v1/search/", {"q": "hifi"}).json()["count"] == 2


def test_reconcile_is_quiet_when_in_sync(eu: Any) -> None:
    with use_tenant(eu):
        eu_catalog()
    assert reconcile.apply().get() == 0
    with use_tenant(eu):
        assert not SearchDirty.objects.exists()


def test_rebuild_command(eu: Any) -> None:
    with use_tenant(eu):
        catalog = eu_catalog()
        SearchDocument.objects.all().delete()
    err, out = StringIO(), StringIO()
    call_command("rebuild_search_index", "--tenant", "eu", stdout=out, stderr=err)
    assert "eu: indexed 4 products." in out.getvalue()
    assert "4/4" in err.getvalue()  # tqdm progress
    with use_tenant(eu):
        assert SearchDocument.objects.count() == 16
        assert doc_names(catalog["hidden"]) == {}


def test_reindex_is_idempotent_and_replaces_text(in_eu: Any) -> None:
    from globalmarket.search.backends import get_backend

    product = ProductFactory(name={"en": "Old name"})
    backend = get_backend()
    backend.index_product(product.id)
    first_ids = set(SearchDocument.objects.values_list("id", flat=True))
    Product.objects.filter(id=product.id).update(name={"en": "New name"})
    backend.index_product(product.id)
    backend.index_product(product.id)
    assert SearchDocument.objects.count() == 4
    assert set(doc_names(product).values()) == {"new name"}
    assert len(first_ids) == 4


def test_vocabulary_holds_words_not_codes(eu: Any) -> None:
    from globalmarket.search.backends import get_backend
    from globalmarket.search.models import SearchTerm

    with use_tenant(eu):
        product = ProductFactory(name={"en": "Studio monitor X1234 55"})
        get_backend().index_products([product.id])
        terms = set(SearchTerm.objects.filter(language="en").values_list("term", flat=True))
    assert {"studio", "monitor"} <= terms
    assert not {"x1234", "55"} & terms


def test_rebuild_prepares_no_statements(eu: Any, monkeypatch: Any) -> None:
    """The rebuild's tables grow from empty while it runs: a statement prepared on its first
    batches would keep a plan made for an empty table (ADR 0155). Its connection prepares
    nothing while it runs and is as before afterwards."""
    from django.db import connections

    from globalmarket.search.backends import get_backend
    from globalmarket.search.services import search_rebuild
    from globalmarket.tenancy.db import region_alias

    with use_tenant(eu):
        eu_catalog()
        alias = region_alias()
        connections[alias].ensure_connection()
        raw = connections[alias].connection
        if getattr(raw, "prepare_threshold", None) is None:
            pytest.skip("prepared statements are PostgreSQL's, with DB_PREPARE_THRESHOLD")
        before = raw.prepare_threshold
        backend = type(get_backend())
        index_products = backend.index_products
        seen: list[Any] = []

        def spy(self: Any, ids: Any) -> int:
            seen.append(connections[alias].connection.prepare_threshold)
            return index_products(self, ids)

        monkeypatch.setattr(backend, "index_products", spy)
        assert search_rebuild(batch_size=2) == 4
        assert seen == [None, None]
        assert connections[alias].connection.prepare_threshold == before
