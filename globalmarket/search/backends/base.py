"""The search backend interface and the parts both implementations share.

A backend answers `search(...)` with product ids in order, the total, facets and a "did you
mean" suggestion; the API hydrates the ids into catalog rows (so a stale document never
shows a product that stopped being visible). Filters, sorting and facets are plain SQL on
`SearchDocument`; only the text match, the rank and the typo correction differ per engine.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from globalmarket.catalog.models import Category, ProductVariant
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic, region_alias

from ..cache import index_changed
from ..documents import Built, build_documents, products_for_indexing
from ..models import SearchDocument, SearchTerm
from ..normalize import query_tokens

PRICE_BUCKETS = [Decimal(b) for b in ("25", "50", "100", "250", "500", "1000")]
RATING_LEVELS = [4, 3, 2, 1]
FACET_LIMIT = 20
SHORT_PREFIX = 3  # suggest: a last word shorter than this is checked on the text, not the index


@dataclass
class Filters:
    category_path: str | None = None
    brand: int | None = None
    vendor: int | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    on_sale: bool = False
    rating_min: Decimal | None = None


@dataclass
class SearchResults:
    product_ids: list[int]
    total: int
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    did_you_mean: str | None = None


@dataclass
class Suggestions:
    product_ids: list[int]


# ORDER BY of each sort, over the matched-documents CTE's columns.
SORT_SQL = {
    "relevance": "rank DESC, published_at DESC NULLS LAST, product_id DESC",
    "price": "price ASC, product_id ASC",
    "-price": "price DESC, product_id DESC",
    "newest": "published_at DESC NULLS LAST, product_id DESC",
    "rating": "rating_avg DESC, product_id DESC",
}
SORTS = list(SORT_SQL)
# The columns each sort reads: the top-N sort carries these, not whole matched rows.
SORT_COLUMNS = {
    sort: ["product_id", *(c for c in ("rank", "price", "rating_avg", "published_at") if c in sql)]
    for sort, sql in SORT_SQL.items()
}
# Facet keys computed from the matched-documents CTE's columns.
PRICE_BUCKET_SQL = (
    "CASE "
    + " ".join(f"WHEN price < {b} THEN {i}" for i, b in enumerate(PRICE_BUCKETS))
    + f" ELSE {len(PRICE_BUCKETS)} END"
)
STARS_SQL = "CAST(FLOOR(rating_avg) AS INTEGER)"


class SearchBackend(abc.ABC):
    """index_products / remove_products / search / suggest on the current region's database."""

    # --- indexing -------------------------------------------------------------------------
    def index_product(self, product_id: int) -> int:
        return self.index_products([product_id])

    def index_products(self, product_ids: Iterable[int]) -> int:
        """(Re)build the documents of these products; invisible ones lose theirs. Idempotent."""
        ids = sorted({int(i) for i in product_ids})
        if not ids:
            return 0
        with atomic():
            products = list(products_for_indexing(ids))
            path_ids = {
                int(p) for prod in products for p in prod.category.path.strip("/").split("/") if p
            }
            categories = {c.id: c for c in Category.objects.filter(id__in=path_ids)}
            built = build_documents(products, categories)
            self._replace(ids, built)
            terms = {(b.doc.language, t) for b in built for t in b.terms} - self._known_terms
            self._known_terms |= terms
            tenant_id = require_tenant().id
            SearchTerm.objects.bulk_create(
                [SearchTerm(tenant_id=tenant_id, language=lang, term=t) for lang, t in terms],
                ignore_conflicts=True,
                batch_size=2000,
            )
            index_changed()
        return len(products)

    def remove_products(self, product_ids: Iterable[int]) -> None:
        ids = list(product_ids)
        with atomic():
            doc_ids = list(
                SearchDocument.objects.filter(product_id__in=ids).values_list("id", flat=True)
            )
            if doc_ids:
                self._delete_text(doc_ids)
                SearchDocument.objects.filter(id__in=doc_ids).delete()
                index_changed()

    def __init__(self) -> None:
        self._known_terms: set[tuple[str, str]] = set()  # vocabulary already written

    def _replace(self, product_ids: list[int], built: list[Built]) -> None:
        """Replace every document of these products by `built` (SQLite serialises writers)."""
        self.remove_products(product_ids)
        self._insert(built)

    def _insert(self, built: list[Built]) -> None:
        SearchDocument.objects.bulk_create([b.doc for b in built], batch_size=1000)
        self._write_text(built)

    @abc.abstractmethod
    def _write_text(self, built: list[Built]) -> None:
        """Store the text of freshly inserted documents (their ids are set) in the engine."""

    @abc.abstractmethod
    def _delete_text(self, doc_ids: list[int]) -> None: ...

    # --- querying -------------------------------------------------------------------------
    @abc.abstractmethod
    def _match(self, qs: QuerySet, tokens: list[str], language: str, *, rank: bool,
               names_only: bool = False) -> QuerySet: ...  # fmt: skip

    @abc.abstractmethod
    def _correct(self, token: str, language: str) -> str | None: ...

    def _base(self, language: str, country: str, filters: Filters) -> QuerySet:
        qs = SearchDocument.objects.filter(language=language, countries__contains=f"|{country}|")
        f = filters
        if f.category_path:
            qs = qs.filter(category_path__startswith=f.category_path)
        if f.brand is not None:
            qs = qs.filter(brand_id=f.brand)
        if f.vendor is not None:
            qs = qs.filter(vendor_id=f.vendor)
        if f.min_price is not None:
            qs = qs.filter(price__gte=f.min_price)
        if f.max_price is not None:
            qs = qs.filter(price__lte=f.max_price)
        if f.on_sale:
            qs = qs.filter(on_sale=True)
        if f.rating_min is not None:
            qs = qs.filter(rating_avg__gte=f.rating_min)
        if f.in_stock:
            sellable = ProductVariant.objects.filter(
                product_id=OuterRef("product_id"), is_active=True
            )
            qs = qs.filter(
                Exists(sellable.filter(Q(stock__gt=0) | Q(product__track_inventory=False)))
            )
        return qs

    def search(self, *, query: str, filters: Filters, sort: str = "relevance", page: int = 1,
               page_size: int = 20, language: str, country: str) -> SearchResults:  # fmt: skip
        tokens = query_tokens(query)
        if not tokens:
            return SearchResults(product_ids=[], total=0, facets=empty_facets())
        results = self._search(tokens, filters, sort, page, page_size, language, country)
        if results.total == 0:
            corrected = [self._correct(t, language) or t for t in tokens]
            if corrected != tokens:
                suggestion = " ".join(corrected)
                results = self._search(corrected, filters, sort, page, page_size, language, country)
                results.did_you_mean = suggestion
        return results

    def _search(self, tokens: list[str], filters: Filters, sort: str, page: int, page_size: int,
                language: str, country: str) -> SearchResults:  # fmt: skip
        """Total, facets and the page's ids in ONE statement: the matching documents are read
        once into a CTE, which the facets group (_facets_and_page_sql); the page is a top-N
        sort (LIMIT), not a sort of every match."""
        alias = region_alias()
        relevance = sort == "relevance"
        qs = self._match(self._base(language, country, filters), tokens, language, rank=relevance)
        columns = ["product_id", "category_id", "category_name", "brand_id", "brand_name",
                   "vendor_id", "vendor_name", "price", "rating_avg", "published_at"]  # fmt: skip
        matched = qs.values(*columns, *(["rank"] if relevance else []))
        inner_sql, params = matched.query.get_compiler(using=alias).as_sql()
        offset = (page - 1) * page_size
        # The page: a top-N sort of the matches, not a sort of all of them.
        top = (
            f"SELECT product_id, "  # noqa: S608 - constants and integers only
            f"{int(offset)} + ROW_NUMBER() OVER (ORDER BY {SORT_SQL[sort]}) AS position "
            f"FROM (SELECT {', '.join(SORT_COLUMNS[sort])} FROM m ORDER BY {SORT_SQL[sort]} "
            f"LIMIT {int(page_size)} OFFSET {int(offset)}) top"
        )  # fmt: skip
        with connections[alias].cursor() as cursor:
            cursor.execute(self._facets_and_page_sql(inner_sql, top), params)
            rows = cursor.fetchall()
        page_rows = sorted((int(r[3]), int(r[1])) for r in rows if r[0] == "page")
        facets, total = build_facets([r for r in rows if r[0] != "page"])
        return SearchResults(product_ids=[pid for _, pid in page_rows], total=total, facets=facets)

    def _facets_and_page_sql(self, matched_sql: str, top_sql: str) -> str:
        """One statement over the matches `m`: rows (kind, key, label, number) for the total
        ('t'), each facet value, and the page's products ('page', id, '', position).

        Here one UNION ALL branch per facet over the materialised matches (SQLite has no
        GROUPING SETS); PostgreSQL groups them in one pass."""
        return f"""
            WITH m AS ({matched_sql})
            SELECT 't', 0, '', COUNT(*) FROM m
            UNION ALL SELECT 'category', category_id, MAX(category_name), COUNT(*) FROM m GROUP BY category_id
            UNION ALL SELECT 'brand', brand_id, MAX(brand_name), COUNT(*) FROM m WHERE brand_id IS NOT NULL GROUP BY brand_id
            UNION ALL SELECT 'vendor', vendor_id, MAX(vendor_name), COUNT(*) FROM m GROUP BY vendor_id
            UNION ALL SELECT 'price', {PRICE_BUCKET_SQL}, '', COUNT(*) FROM m GROUP BY 2
            UNION ALL SELECT 'rating', {STARS_SQL}, '', COUNT(*) FROM m GROUP BY 2
            UNION ALL SELECT 'page', product_id, '', position FROM ({top_sql}) page
        """  # noqa: S608 - only compiled SQL and constants are interpolated

    def suggest(self, *, prefix: str, language: str, country: str, limit: int = 5) -> Suggestions:
        tokens = query_tokens(prefix)
        if not tokens:
            return Suggestions(product_ids=[])
        base = self._base(language, country, Filters())
        last = tokens[-1]
        if len(tokens) > 1 and len(last) < SHORT_PREFIX:
            # "nortek w": a one- or two-letter prefix matches a large part of the index (every
            # model number starting with w); let the complete words pick the candidates and
            # check the last letters on the name text (the heap scan stops at the limit).
            qs = self._match(base, tokens[:-1], language, rank=False, names_only=True)
            qs = qs.filter(Q(name_text__startswith=last) | Q(name_text__contains=f" {last}"))
        else:
            qs = self._match(base, tokens, language, rank=False, names_only=True)
        # Names only (a description word never suggests a product). A few more candidates
        # than needed (unordered, so the heap scan can stop early), then names that start
        # with the typed text first, shorter names first.
        candidates = list(qs.values_list("product_id", "name_text")[: limit * 4])
        typed = " ".join(tokens)
        candidates.sort(key=lambda c: (not c[1].startswith(typed), len(c[1]), c[0]))
        return Suggestions(product_ids=[pid for pid, _ in candidates[:limit]])


def empty_facets() -> dict[str, list[dict[str, Any]]]:
    return {"category": [], "brand": [], "vendor": [], "price": [], "rating": []}


def build_facets(rows: list[tuple[Any, ...]]) -> tuple[dict[str, list[dict[str, Any]]], int]:
    facets = empty_facets()
    total = 0
    price_counts: dict[int, int] = {}
    floor_counts: dict[int, int] = {}
    values: dict[str, dict[int, dict[str, Any]]] = {"category": {}, "brand": {}, "vendor": {}}
    for facet, key, label, count in rows:
        if facet == "t":
            total = int(count)
        elif facet in values:
            # One value per id even if documents carry two labels for it (a category renamed
            # while its documents wait for reindexing): counts add up, the larger label wins.
            value = values[facet].setdefault(int(key), {"id": int(key), "name": label, "count": 0})
            value["name"] = max(value["name"], label)
            value["count"] += int(count)
        elif facet == "price":
            price_counts[int(key)] = int(count)
        elif facet == "rating":
            floor_counts[int(key)] = int(count)
    for name, by_id in values.items():
        facets[name] = sorted(by_id.values(), key=lambda x: (-x["count"], x["name"]))[:FACET_LIMIT]
    bounds = [Decimal(0), *PRICE_BUCKETS, None]
    for i in range(len(PRICE_BUCKETS) + 1):
        if price_counts.get(i):
            low, high = bounds[i], bounds[i + 1]
            facets["price"].append({
                "min": str(low), "max": str(high) if high is not None else None,
                "count": price_counts[i],
            })  # fmt: skip
    for level in RATING_LEVELS:  # cumulative: "4 stars & up"
        count = sum(c for floor, c in floor_counts.items() if floor >= level)
        if count:
            facets["rating"].append({"min": level, "count": count})
    return facets, total
