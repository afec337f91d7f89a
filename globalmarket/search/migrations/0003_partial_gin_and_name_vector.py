"""Per-configuration GIN indexes and a name-only vector for autocomplete (ADR 0411).

PostgreSQL: the one GIN index over every document's vector becomes one partial GIN index per
text-search configuration (`WHERE ts_config = 'english'` …). A region stores one document per
product and language, and brand names, SKUs and shared words (lamp, camera) occur in every
language's document, so a whole-table index hands the heap scan 2–4 documents per product
of which all but one are thrown away by the language filter. `name_vector` (the name's
words in the language config) gets the same partial GIN indexes; autocomplete matches
there only. Existing rows are backfilled with one UPDATE.
"""

from typing import Any

from django.db import migrations

import globalmarket.search.models

CONFIGS = ["english", "dutch", "german", "french", "arabic", "simple"]

PG_FORWARD = [
    "UPDATE search_searchdocument SET name_vector = to_tsvector(ts_config::regconfig, name_text) "
    "WHERE name_vector IS NULL",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    *(
        f"CREATE INDEX IF NOT EXISTS search_doc_vector_{c} ON search_searchdocument "
        f"USING GIN (vector) WHERE ts_config = '{c}'"
        for c in CONFIGS
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS search_doc_name_{c} ON search_searchdocument "
        f"USING GIN (name_vector) WHERE ts_config = '{c}'"
        for c in CONFIGS
    ),
]
PG_BACKWARD = [
    *(f"DROP INDEX IF EXISTS search_doc_name_{c}" for c in CONFIGS),
    *(f"DROP INDEX IF EXISTS search_doc_vector_{c}" for c in CONFIGS),
    "CREATE INDEX IF NOT EXISTS search_doc_vector_gin ON search_searchdocument USING GIN (vector)",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="name_vector",
            field=globalmarket.search.models.TsVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD)),
    ]
