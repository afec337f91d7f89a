"""Public products rendered once per catalog version and reused by every list page (ADR 0156).

A product appears on many list pages: its category's and its parents', in five orderings,
filtered by brand, price or stock, page after page. Each page used to load every product's
row and render it again (about 2 ms of PostgreSQL and 3 ms of Python per 24 products). Here
each product's public JSON (`output.product_out`) is kept in the cache under

    catalog:product:<catalog version>:<language>:<country>:<product id>

so a page not seen before costs its ids (one statement) and one `MGET` for the products
other pages have already rendered; only the others are loaded (one statement for all of
them) and rendered, then stored with one pipelined write.

Invalidation is the catalog version's (ADR 0150): every change a shopper could see bumps
it, so a fragment is never read under a later version; old ones expire by TTL. The version
must be the one read *before* the rows: the caller passes the version its response is
stored under (`catalog.cache.request_catalog_version`), so a fragment rendered from rows
that a concurrent change then replaced is keyed, like the page itself, under a version
that is no longer current.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache

from globalmarket.core.http import dumps

from ..rows import product_rows
from .output import product_out


def rendered_products(
    ids: list[int], *, language: str, country: str | None, version: int
) -> list[bytes]:
    """The public JSON of the public products among `ids`, in the order of `ids` (products
    no longer public are left out, as `rows.product_rows` does)."""
    prefix = f"catalog:product:{version}:{language}:{country or ''}:"
    keys = [f"{prefix}{pk}" for pk in ids]
    found: dict[str, bytes] = cache.get_many(keys) if keys else {}
    missing = [pk for pk, key in zip(ids, keys, strict=True) if key not in found]
    if missing:
        fresh = {
            f"{prefix}{row['id']}": dumps(product_out(row, language=language, country=country))
            for row in product_rows(missing)
        }
        if fresh:
            cache.set_many(fresh, timeout=settings.CATALOG_CACHE_SECONDS)
            found.update(fresh)
    return [found[key] for key in keys if key in found]


def page_bytes(envelope: dict[str, Any], results: list[bytes]) -> bytes:
    """A paginated response (`count`, `next`, `previous`, then `results`) around rendered
    results, as `dumps` of the whole page would write it."""
    head = dumps({k: v for k, v in envelope.items() if k != "results"})
    return b"".join((head[:-1], b',"results":[', b",".join(results), b"]}"))
