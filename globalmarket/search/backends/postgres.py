"""PostgreSQL full-text search: stored tsvector per document, GIN index, pg_trgm for typos."""

from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_alias

from ..models import SearchDocument
from ..normalize import ts_config
from .base import SearchBackend

TABLE = SearchDocument._meta.db_table

# Weights: A name; B category, variants, attributes (language config) and brand, SKUs
# (`simple`: no stemming); C description.
VECTOR_FROM_COLUMNS = """
    setweight(to_tsvector(ts_config::regconfig, name_text), 'A')
    || setweight(to_tsvector(ts_config::regconfig, b_text), 'B')
    || setweight(to_tsvector('simple', simple_text), 'B')
    || setweight(to_tsvector(ts_config::regconfig, c_text), 'C')
"""
NAME_VECTOR_FROM_COLUMNS = "to_tsvector(ts_config::regconfig, name_text)"
COPY_FIELDS = [
    f
    for f in SearchDocument._meta.concrete_fields
    if not f.primary_key and f.name not in ("vector", "name_vector")
]
UPSERT_SET = ", ".join(
    f"{c} = EXCLUDED.{c}"
    for c in [f.column for f in COPY_FIELDS if f.name not in ("product", "language")]
    + ["vector", "name_vector"]
)


def tsquery(tokens: list[str], language: str) -> tuple[str, list[str]]:
    """Every token must match, as a prefix, in the language's config or in `simple` (SKUs,
    brands). Tokens are letters and digits only (normalize.tokens), and are passed as
    parameters, so tsquery operators and quotes in the input have no effect."""
    config = ts_config(language)
    parts, params = [], []
    for token in tokens:
        # When the config leaves the word as it is ("lamp"), `q || q` would make the GIN index
        # scan the same entries twice; the planner folds this CASE to one query constant.
        parts.append(
            "(CASE WHEN to_tsquery(%s::regconfig, %s) = to_tsquery('simple', %s) "
            "THEN to_tsquery('simple', %s) "
            "ELSE to_tsquery(%s::regconfig, %s) || to_tsquery('simple', %s) END)"
        )
        word = f"{token}:*"
        params += [config, word, word, word, config, word, word]
    return " && ".join(parts), params


class PostgresBackend(SearchBackend):
    def _replace(self, product_ids: list[int], docs: list[SearchDocument]) -> None:
        """Upsert (concurrent reindexing of one product is safe: last writer wins), then drop
        documents of products that are no longer visible or of languages no longer offered."""
        keep = {(d.product_id, d.language) for d in docs}
        stale = [
            doc_id
            for doc_id, pid, language in SearchDocument.objects.filter(
                product_id__in=product_ids
            ).values_list("id", "product_id", "language")
            if (pid, language) not in keep
        ]
        if stale:
            SearchDocument.objects.filter(id__in=stale).delete()
        self._insert(docs)

    def _insert(self, docs: list[SearchDocument]) -> None:
        """COPY the rows into a temporary table, then one INSERT … SELECT computes the vectors.

        Runs inside the caller's atomic() on the region connection; one write per document and
        no per-row SQL parsing, so a full rebuild is bounded by PostgreSQL's to_tsvector."""
        if not docs:
            return
        now = timezone.now()
        conn = connections[region_alias()]
        conn.ensure_connection()
        cols = ", ".join(f.column for f in COPY_FIELDS)
        with conn.connection.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS search_doc_load")
            cur.execute(
                f"CREATE TEMP TABLE search_doc_load ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {cols} FROM {TABLE} WITH NO DATA"
            )
            with cur.copy(f"COPY search_doc_load ({cols}) FROM STDIN") as copy:
                for d in docs:
                    d.indexed_at = now
                    copy.write_row([getattr(d, f.attname) for f in COPY_FIELDS])
            cur.execute(
                f"INSERT INTO {TABLE} ({cols}, vector, name_vector) "  # noqa: S608 - constants only
                f"SELECT {cols}, {VECTOR_FROM_COLUMNS}, {NAME_VECTOR_FROM_COLUMNS} "
                f"FROM search_doc_load "
                f"ON CONFLICT (product_id, language) DO UPDATE SET {UPSERT_SET}"
            )

    def _write_text(self, docs: list[SearchDocument]) -> None:
        """Nothing more: the vector was written with the row."""

    def _delete_text(self, doc_ids: list[int]) -> None:
        """The vector is a column of the document row: nothing else to delete."""

    def _match(self, qs: QuerySet, tokens: list[str], language: str, *, rank: bool,
               names_only: bool = False) -> QuerySet:  # fmt: skip
        query_sql, params = tsquery(tokens, language)
        column = "name_vector" if names_only else "vector"
        # The configuration condition selects the partial GIN index of the query's language
        # (migration 0003). SQL text is constant; every token is a bound parameter.
        qs = qs.filter(ts_config=ts_config(language)).extra(  # noqa: S610
            where=[f"{TABLE}.{column} @@ ({query_sql})"], params=params
        )
        if rank:
            qs = qs.annotate(
                rank=RawSQL(  # noqa: S611 - constant SQL, bound parameters
                    f"ts_rank({TABLE}.vector, {query_sql})", params, output_field=FloatField()
                )
            )
        return qs

    def _correct(self, token: str, language: str) -> str | None:
        if len(token) < 3 or token.isdigit():
            return None
        with connections[region_alias()].cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_searchterm WHERE tenant_id = %s AND language = %s "
                "AND term %% %s ORDER BY similarity(term, %s) DESC, term LIMIT 1",
                [require_tenant().id, language, token, token],
            )
            row = cursor.fetchone()
        return str(row[0]) if row else None
