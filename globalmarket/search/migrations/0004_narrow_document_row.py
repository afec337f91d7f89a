"""The document row keeps the name only; the rest of the text lives in the engines (ADR 0412).

A search reads every matching row for its total and facets, so the row is kept narrow:
b_text, simple_text and c_text were only inputs of the PostgreSQL vectors (now computed from
the indexer's load table) and of the SQLite FTS5 table (which holds its own copy). On
PostgreSQL the dropped columns' space is reclaimed as rows are rewritten; run
`manage.py rebuild_search_index` after deploying (it also writes the rows in the new order).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0003_partial_gin_and_name_vector")]

    operations = [
        migrations.RemoveField(model_name="searchdocument", name="b_text"),
        migrations.RemoveField(model_name="searchdocument", name="c_text"),
        migrations.RemoveField(model_name="searchdocument", name="simple_text"),
    ]
