"""PostgreSQL full-text search: stored tsvector per document, GIN index, pg_trgm for typos."""

from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_alias

from ..models import SearchDocument
from ..normalize import SIMPLE, ts_config
from .base import SearchBackend

TABLE = SearchDocument._meta.db_table

VECTOR_SQL = f"""
    UPDATE {TABLE} SET vector =
        setweight(to_tsvector(ts_config::regconfig, name_text), 'A')
        || setweight(to_tsvector(ts_config::regconfig, b_text), 'B')
        || setweight(to_tsvector('simple', simple_text), 'B')
        || setweight(to_tsvector(ts_config::regconfig, c_text), 'C')
"""  # noqa: S608 - constant


def tsquery(tokens: list[str], language: str) -> tuple[str, list[str]]:
    """Every token must match, as a prefix, in the language's config or in `simple` (SKUs,
    brands). Tokens are letters and digits only (normalize.tokens), and are passed as
    parameters, so tsquery operators and quotes in the input have no effect."""
    config = ts_config(language)
    parts, params = [], []
    for token in tokens:
        parts.append("(to_tsquery(%s::regconfig, %s) || to_tsquery('simple', %s))")
        params += [config, f"{token}:*", f"{token}:*"]
    return " && ".join(parts), params


class PostgresBackend(SearchBackend):
    def _write_text(self, docs: list[SearchDocument]) -> None:
        if docs:
            with connections[region_alias()].cursor() as cursor:
                cursor.execute(VECTOR_SQL + " WHERE id = ANY(%s)", [[d.id for d in docs]])

    def _delete_text(self, doc_ids: list[int]) -> None:
        """The vector is a column of the document row: nothing else to delete."""

    def _match(self, qs: QuerySet, tokens: list[str], language: str, *, rank: bool) -> QuerySet:
        query_sql, params = tsquery(tokens, language)
        qs = qs.extra(where=[f"{TABLE}.vector @@ ({query_sql})"], params=params)
        if rank:
            qs = qs.annotate(
                rank=RawSQL(f"ts_rank({TABLE}.vector, {query_sql})", params, output_field=FloatField())
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


__all__ = ["SIMPLE", "PostgresBackend"]
