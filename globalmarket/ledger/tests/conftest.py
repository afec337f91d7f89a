from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections


@pytest.fixture(autouse=True)
def _ledger_checked_by_database(request: Any) -> Iterator[None]:
    """On PostgreSQL, fire the deferred balance triggers before each test's rollback.

    Tests run inside a transaction that is rolled back, so deferred constraint triggers
    would never run; SET CONSTRAINTS ALL IMMEDIATE makes the database check every
    posting the test made, as a commit would.
    """
    yield
    if "django_db" not in {m.name for m in request.node.iter_markers()}:
        return
    for alias in ("region_eu", "region_mena"):
        connection = connections[alias]
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
