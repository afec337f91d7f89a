"""SQLite FTS5 on the embedded default: same interface and API as PostgreSQL.

The FTS5 table `search_fts(a, b, c)` (created by migration 0002 on SQLite only) holds the
document text stemmed in Python with the same Snowball stemmers PostgreSQL uses, so plurals
and accents behave alike; rowid = SearchDocument.id. bm25() weights the columns like
PostgreSQL's A/B/C. Typo correction uses difflib over the SearchTerm vocabulary (PostgreSQL
uses pg_trgm similarity).
"""

import difflib

from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from globalmarket.tenancy.db import region_alias

from ..documents import Built
from ..models import SearchDocument, SearchTerm
from ..normalize import stem_tokens, tokens
from .base import SearchBackend

TABLE = SearchDocument._meta.db_table
FTS = "search_fts"
MAX_TERMS = 20000


def fts_query(words: list[str], language: str) -> str:
    """Each token stemmed or raw (`"koptelefon" OR "koptelefoons"`); the last one as a prefix
    (`"koptel"*`), the others as whole words, like PostgreSQL's tsquery()."""
    parts = []
    for i, (raw, stem) in enumerate(zip(words, stem_tokens(words, language), strict=True)):
        star = "*" if i == len(words) - 1 else ""
        alternatives = {f'"{stem}"{star}', f'"{raw}"{star}'}
        parts.append("(" + " OR ".join(sorted(alternatives)) + ")")
    return " AND ".join(parts)


def _stemmed(text: str, language: str) -> str:
    return " ".join(stem_tokens(tokens(text), language))


class SqliteBackend(SearchBackend):
    def _write_text(self, built: list[Built]) -> None:
        rows = [
            (
                b.doc.id,
                _stemmed(b.doc.name_text, b.doc.language),
                _stemmed(b.texts.b, b.doc.language) + " " + " ".join(tokens(b.texts.simple)),
                _stemmed(b.texts.c, b.doc.language),
            )
            for b in built
        ]
        with connections[region_alias()].cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS} (rowid, a, b, c) VALUES (%s, %s, %s, %s)", rows)  # noqa: S608

    def _delete_text(self, doc_ids: list[int]) -> None:
        with connections[region_alias()].cursor() as cursor:
            for start in range(0, len(doc_ids), 500):
                chunk = doc_ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def _match(self, qs: QuerySet, words: list[str], language: str, *, rank: bool,
               names_only: bool = False) -> QuerySet:  # fmt: skip
        expr = fts_query(words, language)
        if names_only:
            expr = f"a : ({expr})"  # FTS5 column filter: the name column only
        # SQL text is constant; the FTS5 expression is a bound parameter.
        qs = qs.extra(  # noqa: S610
            where=[f"{TABLE}.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"],  # noqa: S608
            params=[expr],
        )
        if rank:
            # bm25 is lower-is-better; negate so "-rank" sorts best first like ts_rank.
            qs = qs.annotate(
                rank=RawSQL(  # noqa: S611 - constant SQL, bound parameter
                    f"(SELECT -bm25({FTS}, 10.0, 4.0, 1.0) FROM {FTS} "  # noqa: S608
                    f"WHERE {FTS} MATCH %s AND rowid = {TABLE}.id)",
                    [expr],
                    output_field=FloatField(),
                )
            )
        return qs

    def _correct(self, token: str, language: str) -> str | None:
        if len(token) < 3 or token.isdigit():
            return None
        candidates = list(
            SearchTerm.objects.filter(language=language)
            .extra(
                where=["length(term) BETWEEN %s AND %s"], params=[len(token) - 2, len(token) + 2]
            )
            .values_list("term", flat=True)[:MAX_TERMS]
        )
        match = difflib.get_close_matches(token, candidates, n=1, cutoff=0.75)
        return match[0] if match else None
