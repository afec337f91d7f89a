"""Pick the search backend from the current region database's vendor."""

from django.db import connections

from globalmarket.tenancy.db import region_alias

from .base import Filters, SearchBackend, SearchResults, Suggestions

__all__ = ["Filters", "SearchBackend", "SearchResults", "Suggestions", "get_backend"]


def get_backend() -> SearchBackend:
    vendor = connections[region_alias()].vendor
    if vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"No search backend for database vendor {vendor!r}")
