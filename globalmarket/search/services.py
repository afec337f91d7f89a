"""Keeping the index in step with the catalog.

Catalog, vendor and review code call `mark_dirty(product_ids)` whenever something a shopper
can search for changes (product text, price, status, variants, images, vendor status,
category name). It records the ids in `SearchDirty` inside the caller's transaction and
enqueues `search.reindex_dirty` after commit; the task rebuilds those products' documents
(or removes them when the product is no longer visible). A periodic sweep processes anything
left behind, and a periodic reconcile catches changes made without `mark_dirty`.
"""

from collections.abc import Iterable

from django.db.models import F, Min, OuterRef, Q, Subquery

from globalmarket.catalog.i18n import translated
from globalmarket.catalog.models import Category
from globalmarket.catalog.selectors import public_products
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import region_alias, statements_unprepared
from globalmarket.tenancy.tasks import enqueue_on_commit

from .backends import get_backend
from .models import SearchDirty, SearchDocument

BATCH = 500


def mark_dirty(product_ids: Iterable[int]) -> None:
    """Reindex these products after the current region transaction commits."""
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return
    tenant_id = require_tenant().id
    SearchDirty.objects.bulk_create(
        [SearchDirty(tenant_id=tenant_id, product_id=i) for i in ids],
        update_conflicts=True,
        unique_fields=["product_id"],
        update_fields=["marked_at"],
    )
    from .tasks import reindex_dirty

    enqueue_on_commit(reindex_dirty)


def search_reindex_dirty(*, limit: int = 5000) -> int:
    """Reindex dirty products in batches; a row re-marked meanwhile stays for the next run."""
    done = 0
    while done < limit:
        batch = list(
            SearchDirty.objects.order_by("product_id").values_list("product_id", "marked_at")[
                :BATCH
            ]
        )
        if not batch:
            break
        ids = [pid for pid, _ in batch]
        get_backend().index_products(ids)
        seen = Q()
        for pid, marked_at in batch:
            seen |= Q(product_id=pid, marked_at__lte=marked_at)
        SearchDirty.objects.filter(seen).delete()
        done += len(batch)
    return done


def search_reconcile() -> int:
    """Mark products whose documents disagree with the catalog (changes made without mark_dirty)."""
    dirty: set[int] = set()
    # Documents of products that are no longer visible (vendor suspended, unpublished, deleted).
    visible = public_products().values("id")
    dirty |= set(
        SearchDocument.objects.exclude(product_id__in=visible)
        .values_list("product_id", flat=True)
        .distinct()
    )
    # Visible products without documents or changed after indexing (product or vendor).
    indexed_at = (
        SearchDocument.objects.filter(product_id=OuterRef("id"))
        .values("product_id")
        .annotate(at=Min("indexed_at"))
        .values("at")
    )
    stale = (
        public_products()
        .annotate(at=Subquery(indexed_at))
        .filter(Q(at__isnull=True) | Q(at__lt=F("updated_at")) | Q(at__lt=F("vendor__updated_at")))
    )
    dirty |= set(stale.values_list("id", flat=True))
    # Categories renamed or moved: compare the stored name/path with the catalog's.
    stored = SearchDocument.objects.values_list(
        "category_id", "language", "category_name", "category_path"
    ).distinct()
    categories = {c.id: c for c in Category.objects.all()}
    changed = set()
    for cid, language, name, path in stored:
        category = categories.get(cid)
        if category is None or category.path != path or translated(category.name, language) != name:
            changed.add(cid)
    if changed:
        dirty |= set(
            SearchDocument.objects.filter(category_id__in=changed).values_list(
                "product_id", flat=True
            )
        )
    if dirty:
        mark_dirty(dirty)
    return len(dirty)


def search_rebuild(*, batch_size: int = 1000, progress: object = None) -> int:
    """Rebuild every document of the current region; `progress` is a tqdm-like object."""
    backend = get_backend()
    # The index table may grow from empty during the run: no generic plans kept from its
    # first batches (tenancy.db.statements_unprepared).
    with statements_unprepared(region_alias()):
        ids = list(public_products().order_by("id").values_list("id", flat=True))
        stale = SearchDocument.objects.exclude(product_id__in=public_products().values("id"))
        backend.remove_products(set(stale.values_list("product_id", flat=True)))
        total = 0
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            total += backend.index_products(chunk)
            if progress is not None:
                progress.update(len(chunk))  # type: ignore[attr-defined]
    return total


__all__ = ["mark_dirty", "search_rebuild", "search_reconcile", "search_reindex_dirty"]
