"""One tenant-scoped row by primary key, with its SELECT built once per model and database.

For lookups made on every request (the bearer token's user): the ORM builds, compiles and
converts a `Model.objects.get(pk=…)` anew each time, about four times the CPU of running
the same statement. This builds the statement once from the model's fields, applies the
same database and field converters as the ORM, and makes the instance with `Model.from_db`,
so the object is the one `get()` returns. The tenant filter is kept (defence in depth).
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, Model

from .context import require_tenant

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@functools.cache
def _select(model: type[Model], alias: str) -> tuple[str, list[str], list[tuple[int, Any, list[Converter]]]]:  # fmt: skip
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields: list[Field] = list(model._meta.concrete_fields)
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    sql = (
        f"SELECT {', '.join(f'{quote(table)}.{quote(f.column)}' for f in fields)} "  # noqa: S608 - names from the model
        f"FROM {quote(table)} WHERE {quote(table)}.{quote(pk.column)} = %s "
        f"AND {quote(table)}.{quote('tenant_id')} = %s"
    )
    converters = []
    for index, field in enumerate(fields):
        col = field.get_col(table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((index, col, found))
    return sql, [f.attname for f in fields], converters


def tenant_row(model: type[M], pk: Any) -> M | None:
    """The current tenant's `model` row with primary key `pk`, or None (also for a bad pk)."""
    tenant = require_tenant()
    alias = tenant.database_alias
    connection = connections[alias]
    opts = model._meta
    assert opts.pk is not None
    tenant_field = opts.get_field("tenant_id")
    assert isinstance(tenant_field, Field)
    try:
        params = [opts.pk.get_db_prep_value(pk, connection),
                  tenant_field.get_db_prep_value(tenant.id, connection)]  # fmt: skip
    except (TypeError, ValueError):
        return None
    sql, names, converters = _select(model, alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, col, functions in converters:
        value = values[index]
        for function in functions:
            value = function(value, col, connection)
        values[index] = value
    return model.from_db(alias, names, values)
