"""Transactions on the current region's database.

Region data is not in `default`, so plain `transaction.atomic()` would open a transaction
on the control plane and leave region writes in autocommit. Use these instead.
"""

from collections.abc import Callable, Iterator
from contextlib import ContextDecorator, contextmanager
from typing import Any

from django.db import connections, transaction

from .context import require_tenant


def region_alias() -> str:
    return require_tenant().database_alias


class atomic(ContextDecorator):
    """`with atomic():` or `@atomic()` — transaction.atomic on the current region's database."""

    def __init__(self, *, savepoint: bool = True, durable: bool = False) -> None:
        self.savepoint = savepoint
        self.durable = durable
        self._stack: list[Any] = []

    def __enter__(self) -> None:
        block = transaction.atomic(
            using=region_alias(), savepoint=self.savepoint, durable=self.durable
        )
        self._stack.append(block)
        block.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._stack.pop().__exit__(*exc)


def region_on_postgresql() -> bool:
    """Whether the current tenant's region database is PostgreSQL (not the embedded SQLite)."""
    return bool(connections[region_alias()].vendor == "postgresql")


def on_commit(func: Callable[[], Any]) -> None:
    """Run `func` after the current region transaction commits (at once if none is open)."""
    transaction.on_commit(func, using=region_alias())


@contextmanager
def statements_unprepared(alias: str) -> Iterator[None]:
    """Run without prepared statements on the `alias` connection (PostgreSQL with
    DB_PREPARE_THRESHOLD; a no-op elsewhere).

    For bulk writers whose tables grow from empty while they run (the search index rebuild):
    a statement prepared early keeps the generic plan PostgreSQL chose for a nearly empty
    table, e.g. a sequential scan, and each batch then reads the whole table again. A
    rebuild of 1,000,000 products slowed from 1,700 to 58 products/s that way (ADR 0155)."""
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    if not hasattr(raw, "prepare_threshold"):
        yield
        return
    before = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = before
