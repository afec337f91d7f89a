"""Search index tables, in each region's database.

`SearchDocument` holds one row per (product, language) with the normalised name, the
PostgreSQL `tsvector`s (NULL on SQLite, where the FTS5 table `search_fts` holds the text),
and denormalised filter/facet columns so a search with facets reads one narrow table.
"""

from typing import Any

from django.db import models

from globalmarket.catalog.models import Product
from globalmarket.tenancy.models import TenantScopedModel


class TsVectorField(models.Field):
    """`tsvector` on PostgreSQL; unused `text` elsewhere (SQLite uses FTS5)."""

    description = "Text-search vector"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(TenantScopedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    ts_config = models.CharField(max_length=16)
    # The normalised name (see normalize.py), for suggestions. The rest of the text is only in
    # the engine's structures (the vectors here, the FTS5 table on SQLite), not in this row:
    # a search reads every matching row for the total and the facets (ADR 0412).
    name_text = models.TextField()
    vector = TsVectorField(null=True, editable=False)
    # Name words only (language config), for autocomplete: a prefix there does not drag in
    # every description word that starts with the same letters.
    name_vector = TsVectorField(null=True, editable=False)
    # Filters, sorting and facets (copied from the product when indexed).
    vendor_id = models.BigIntegerField()
    vendor_name = models.CharField(max_length=200)
    brand_id = models.BigIntegerField(null=True)
    brand_name = models.CharField(max_length=120, blank=True)
    category_id = models.BigIntegerField()
    category_name = models.CharField(max_length=200)
    category_path = models.CharField(max_length=255)
    countries = models.CharField(max_length=400, help_text='"|NL|DE|": LIKE %|NL|% matches')
    price = models.DecimalField(max_digits=15, decimal_places=3)
    on_sale = models.BooleanField()
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2)
    published_at = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "language"], name="search_doc_unique")
        ]
        # No b-tree on language/category: the planner would AND a bitmap of every document
        # of the language with the GIN match; filtering the GIN matches is cheaper. The GIN
        # indexes are partial, one per text-search configuration (migration 0003), so a match
        # only visits documents of the query's configuration.

    def __str__(self) -> str:
        return f"{self.product_id}/{self.language}"


class SearchDirty(TenantScopedModel):
    """A product whose index documents must be rebuilt (processed after commit by a task)."""

    product_id = models.BigIntegerField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.product_id)


class SearchTerm(TenantScopedModel):
    """Vocabulary of product-name and brand words, for "did you mean" (pg_trgm / difflib)."""

    term = models.CharField(max_length=64)
    language = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_term_unique")
        ]

    def __str__(self) -> str:
        return self.term
