"""Demo data: index the region's demo catalog (runs after the catalog's seeder)."""

from typing import Any

from .services import search_rebuild


def seed(tenant: Any, *, stdout: Any) -> None:
    count = search_rebuild()
    stdout.write(f"  search: indexed {count} products for {tenant.slug}\n")
