"""Engine-specific parts of the index, created on the matching database vendor only.

PostgreSQL: the pg_trgm extension (accents are normalised in Python, no unaccent needed), a GIN index
on the document vector, a trigram GIN index on the name/brand vocabulary for "did you mean".
SQLite: the FTS5 virtual table `search_fts` (rowid = SearchDocument.id).
"""

from typing import Any

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_doc_vector_gin ON search_searchdocument USING GIN (vector)",
    "CREATE INDEX IF NOT EXISTS search_term_trgm ON search_searchterm USING GIN (term gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trgm",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "a, b, c, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
