"""Engine-specific checks: the right backend, index structures and weights."""

from typing import Any

import pytest
from django.db import connections

from globalmarket.search.backends import get_backend
from globalmarket.search.backends.postgres import PostgresBackend
from globalmarket.search.backends.sqlite import SqliteBackend
from globalmarket.search.models import SearchDocument
from globalmarket.tenancy.context import use_tenant

from .helpers import eu_catalog

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_postgres_documents_have_weighted_vectors_and_indexes(eu: Any) -> None:
    with use_tenant(eu):
        catalog = eu_catalog()
        assert isinstance(get_backend(), PostgresBackend)
        doc = SearchDocument.objects.get(product=catalog["headphones"], language="de")
    with connections["region_eu"].cursor() as cursor:
        cursor.execute("SELECT vector::text FROM search_searchdocument WHERE id = %s", [doc.id])
        vector = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('search_searchdocument', 'search_searchterm')"
        )
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
    assert "'kopfhor':2A" in vector  # German stem, name weight A
    assert "'sony':" in vector and "B" in vector.split("'sony':")[1][:4]  # brand, simple config, B
    assert "'wh-1000xm5'" in vector  # SKU kept whole by the simple config
    assert {"search_doc_vector_german", "search_doc_name_german", "search_term_trgm"} <= indexes
    assert "search_doc_vector_gin" not in indexes  # replaced by the per-configuration ones
    with connections["region_eu"].cursor() as cursor:
        cursor.execute(
            "SELECT name_vector::text FROM search_searchdocument WHERE id = %s", [doc.id]
        )
        assert cursor.fetchone()[0] == "'kabellos':1 'kopfhor':2"  # name words only


@pytest.mark.postgres
def test_postgres_rows_are_narrow_and_written_in_configuration_and_category_order(
    eu: Any,
) -> None:
    """A search reads every matching row: the row keeps no text but the name, and one batch's
    rows are written grouped by configuration, then category (matches share heap pages)."""
    from globalmarket.catalog.tests.factories import CategoryFactory, ProductFactory

    with connections["region_eu"].cursor() as cursor:
        # A fresh heap (undone with the test's transaction): rows of earlier tests, rolled
        # back, leave free space that these rows would fill out of their written order.
        cursor.execute("TRUNCATE search_searchdocument")
    with use_tenant(eu):
        lamps, chairs = CategoryFactory(slug="lamps"), CategoryFactory(slug="chairs")
        products = [
            ProductFactory(slug=f"p{i}", category=(lamps, chairs)[i % 2],
                           description={"en": "<p>Made of oak</p>"})
            for i in range(6)
        ]  # fmt: skip
        get_backend().index_products([p.id for p in products])
    with connections["region_eu"].cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'search_searchdocument'"
        )
        columns = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT ts_config, category_id FROM search_searchdocument ORDER BY ctid")
        physical = cursor.fetchall()
        cursor.execute(
            "SELECT count(*) FROM search_searchdocument "
            "WHERE ts_config = 'english' AND vector @@ to_tsquery('english', 'oak')"
        )
        assert cursor.fetchone() == (6,)  # the description is searchable all the same
    assert "name_text" in columns and not {"b_text", "simple_text", "c_text"} & columns
    assert len(physical) == 6 * len(eu.languages)
    assert physical == sorted(physical)


@pytest.mark.postgres
def test_postgres_search_uses_the_language_partial_index(eu: Any) -> None:
    from globalmarket.search.backends.base import Filters

    with use_tenant(eu):
        eu_catalog()
        backend = get_backend()
        qs = backend._match(backend._base("de", "DE", Filters()), ["kopfhorer"], "de", rank=False)
        with connections["region_eu"].cursor() as cursor:
            # A 6-row table: rule out the other paths (the partial index is only usable at all
            # when the query carries its configuration condition).
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
            # Leave only the GIN indexes (the test's transaction rolls this back): without the
            # partial index, the plan would be a (disabled, still chosen) sequential scan.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks left
            cursor.execute(
                "ALTER TABLE search_searchdocument DROP CONSTRAINT search_doc_unique, "
                "DROP CONSTRAINT search_searchdocument_pkey CASCADE"
            )
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument' "
                "AND indexdef NOT LIKE '%%USING gin%%'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
            sql, params = qs.values("id").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")
    assert "search_doc_vector_german" in plan, plan


@pytest.mark.postgres
def test_postgres_name_match_ranks_above_description_match(eu: Any, api_for: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory

    with use_tenant(eu):
        a = ProductFactory(
            slug="desc-only", name={"en": "Cable"}, description={"en": "<p>for lamp</p>"}
        )
        b = ProductFactory(slug="name-match", name={"en": "Desk lamp"})
        get_backend().index_products([a.id, b.id])
    r = api_for(eu).get("/api/v1/search/", {"q": "lamp"})
    assert [x["slug"] for x in r.json()["results"]] == ["name-match", "desc-only"]


def test_sqlite_uses_fts5_table(eu: Any) -> None:
    if connections["region_eu"].vendor != "sqlite":
        pytest.skip("SQLite only")
    with use_tenant(eu):
        catalog = eu_catalog()
        assert isinstance(get_backend(), SqliteBackend)
        doc = SearchDocument.objects.get(product=catalog["headphones"], language="nl")
    with connections["region_eu"].cursor() as cursor:
        cursor.execute("SELECT a FROM search_fts WHERE rowid = %s", [doc.id])
        assert cursor.fetchone() == ("draadloze koptelefoon",)


def test_sqlite_name_match_ranks_above_description_match(eu: Any, api_for: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory

    with use_tenant(eu):
        a = ProductFactory(
            slug="desc-only", name={"en": "Cable"}, description={"en": "<p>for lamp</p>"}
        )
        b = ProductFactory(slug="name-match", name={"en": "Desk lamp"})
        get_backend().index_products([a.id, b.id])
    r = api_for(eu).get("/api/v1/search/", {"q": "lamp"})
    assert [x["slug"] for x in r.json()["results"]] == ["name-match", "desc-only"]


@pytest.mark.postgres
def test_postgres_migration_backfill_equals_the_indexer(eu: Any) -> None:
    """Migration 0003 fills name_vector of existing rows set-based; same value as indexing."""
    import importlib

    migration = importlib.import_module(
        "globalmarket.search.migrations.0003_partial_gin_and_name_vector"
    )
    with use_tenant(eu):
        eu_catalog()
    with connections["region_eu"].cursor() as cursor:
        cursor.execute("SELECT id, name_vector::text FROM search_searchdocument ORDER BY id")
        indexed = cursor.fetchall()
        cursor.execute("UPDATE search_searchdocument SET name_vector = NULL")
        cursor.execute(migration.PG_FORWARD[0])
        cursor.execute("SELECT id, name_vector::text FROM search_searchdocument ORDER BY id")
        backfilled = cursor.fetchall()
    assert len(indexed) == 16 and all(v for _, v in indexed)  # 4 products x 4 languages
    assert backfilled == indexed


@pytest.mark.postgres
def test_postgres_query_names_an_unchanged_word_once(eu: Any) -> None:
    from globalmarket.search.backends.postgres import tsquery

    def folded(tokens: list[str], language: str) -> str:
        sql, params = tsquery(tokens, language)
        with connections["region_eu"].cursor() as cursor:
            cursor.execute(f"SELECT ({sql})::text", params)
            return str(cursor.fetchone()[0])

    assert folded(["lamp"], "en") == "'lamp':*"
    assert folded(["headphones"], "en") == "'headphon':* | 'headphones':*"
    assert folded(["kopfhorer", "sony"], "de") == "( 'kopfhor' | 'kopfhorer' ) & 'sony':*"
