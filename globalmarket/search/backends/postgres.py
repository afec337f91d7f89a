"""PostgreSQL full-text search: stored tsvector per document, GIN index, pg_trgm for typos."""

from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_alias

from ..documents import Built
from ..models import SearchDocument
from ..normalize import ts_config
from .base import PRICE_BUCKET_SQL, STARS_SQL, SearchBackend

TABLE = SearchDocument._meta.db_table

# Weights: A name; B category, variants, attributes (language config) and brand, SKUs
# (`simple`: no stemming); C description. b_text, simple_text and c_text are columns of the
# load table only: the document row does not keep them (ADR 0412).
VECTOR_FROM_COLUMNS = """
    setweight(to_tsvector(ts_config::regconfig, name_text), 'A')
    || setweight(to_tsvector(ts_config::regconfig, b_text), 'B')
    || setweight(to_tsvector('simple', simple_text), 'B')
    || setweight(to_tsvector(ts_config::regconfig, c_text), 'C')
"""
LOAD_TEXT_COLUMNS = ["b_text", "simple_text", "c_text"]
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
    """Every token must match in the language's config or in `simple` (SKUs, brands): the
    last one as a prefix (it may still be being typed), the others as whole words (after
    stemming). Tokens are letters and digits only (normalize.tokens), and are passed as
    parameters, so tsquery operators and quotes in the input have no effect.

    A prefix makes the GIN index collect every matching document of every word with that
    prefix into a bitmap before anything is intersected: "large:*" alone costs ~30 ms at
    1,000,000 products, where the whole word lets the index skip through its posting list to
    the other word's few matches (~1 ms) (ADR 0412)."""
    config = ts_config(language)
    parts, params = [], []
    for i, token in enumerate(tokens):
        # When the config leaves the word as it is ("lamp"), `q || q` would make the GIN index
        # scan the same entries twice; the planner folds this CASE to one query constant.
        parts.append(
            "(CASE WHEN to_tsquery(%s::regconfig, %s) = to_tsquery('simple', %s) "
            "THEN to_tsquery('simple', %s) "
            "ELSE to_tsquery(%s::regconfig, %s) || to_tsquery('simple', %s) END)"
        )
        word = f"{token}:*" if i == len(tokens) - 1 else token
        params += [config, word, word, word, config, word, word]
    return " && ".join(parts), params


class PostgresBackend(SearchBackend):
    def _replace(self, product_ids: list[int], built: list[Built]) -> None:
        """Upsert (concurrent reindexing of one product is safe: last writer wins), then drop
        documents of products that are no longer visible or of languages no longer offered."""
        keep = {(b.doc.product_id, b.doc.language) for b in built}
        stale = [
            doc_id
            for doc_id, pid, language in SearchDocument.objects.filter(
                product_id__in=product_ids
            ).values_list("id", "product_id", "language")
            if (pid, language) not in keep
        ]
        if stale:
            SearchDocument.objects.filter(id__in=stale).delete()
        self._insert(built)

    def _insert(self, built: list[Built]) -> None:
        """COPY the rows and their text into a temporary table, then one INSERT … SELECT
        computes the vectors.

        Runs inside the caller's atomic() on the region connection; one write per document and
        no per-row SQL parsing, so a full rebuild is bounded by PostgreSQL's to_tsvector. The
        rows are written in (configuration, category) order: a query reads one language's
        documents, and its words mostly name products of a few categories, so its matches
        share heap pages instead of costing one page each (ADR 0412)."""
        if not built:
            return
        now = timezone.now()
        conn = connections[region_alias()]
        conn.ensure_connection()
        cols = ", ".join(f.column for f in COPY_FIELDS)
        with conn.connection.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS search_doc_load")
            cur.execute(
                f"CREATE TEMP TABLE search_doc_load ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {cols}, {', '.join(f'NULL::text AS {c}' for c in LOAD_TEXT_COLUMNS)} "
                f"FROM {TABLE} WITH NO DATA"
            )
            texts = ", ".join(LOAD_TEXT_COLUMNS)
            with cur.copy(f"COPY search_doc_load ({cols}, {texts}) FROM STDIN") as copy:
                for b in built:
                    b.doc.indexed_at = now
                    copy.write_row([
                        *(getattr(b.doc, f.attname) for f in COPY_FIELDS),
                        b.texts.b, b.texts.simple, b.texts.c,
                    ])  # fmt: skip
            cur.execute(
                f"INSERT INTO {TABLE} ({cols}, vector, name_vector) "  # noqa: S608 - constants only
                f"SELECT {cols}, {VECTOR_FROM_COLUMNS}, {NAME_VECTOR_FROM_COLUMNS} "
                f"FROM search_doc_load ORDER BY ts_config, category_id, product_id "
                f"ON CONFLICT (product_id, language) DO UPDATE SET {UPSERT_SET}"
            )

    def _facets_and_page_sql(self, matched_sql: str, top_sql: str) -> str:
        """The total and every facet in ONE pass over the matches (GROUPING SETS: one hash
        table per facet, filled from the same rows), plus the page's top-N sort.

        GROUPING(column) is 0 in the rows of the set grouped by that column, which names the
        row's facet; each row carries its grouped column alone and COALESCE picks it."""
        return f"""
            WITH m AS MATERIALIZED ({matched_sql})
            SELECT CASE WHEN GROUPING(category_id) = 0 THEN 'category'
                        WHEN GROUPING(brand_id) = 0 THEN 'brand'
                        WHEN GROUPING(vendor_id) = 0 THEN 'vendor'
                        WHEN GROUPING(bucket) = 0 THEN 'price'
                        WHEN GROUPING(stars) = 0 THEN 'rating' ELSE 't' END,
                   COALESCE(category_id, brand_id, vendor_id, bucket, stars, 0),
                   COALESCE(category_name, brand_name, vendor_name, ''), COUNT(*)
            FROM (SELECT category_id, category_name, brand_id, brand_name, vendor_id,
                         vendor_name, {PRICE_BUCKET_SQL} AS bucket, {STARS_SQL} AS stars
                  FROM m) f
            GROUP BY GROUPING SETS ((), (category_id, category_name), (brand_id, brand_name),
                                   (vendor_id, vendor_name), (bucket), (stars))
            HAVING GROUPING(brand_id) = 1 OR brand_id IS NOT NULL
            UNION ALL SELECT 'page', product_id, '', position FROM ({top_sql}) page
        """  # noqa: S608 - only compiled SQL and constants are interpolated

    def _write_text(self, built: list[Built]) -> None:
        """Nothing more: the vectors were written with the row."""

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
