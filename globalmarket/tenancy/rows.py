"""Hot-path reads of tenant-scoped rows with their SELECT built once per model and database.

For reads made on every request (the bearer token's user, the cart lines at add-to-cart
and checkout): the ORM builds, compiles and converts a queryset anew each time, several
times the CPU of running the statement. These build the statement once from the models'
fields and foreign keys, apply the same database and field converters as the ORM, and make
the instances with `Model.from_db`, so the objects are the ones the equivalent queryset
returns (tests compare them field by field). The base table keeps the tenant filter
(defence in depth), as the tenant manager adds it.
"""

import functools
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.db import connections
from django.db.models import NOT_PROVIDED, Field, ForeignKey, Model
from django.db.transaction import TransactionManagementError

from .context import require_tenant

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]
Converters = list[tuple[int, Any, list[Converter]]]
# Per model of a RowReader: class, attnames, converters, first column, parent's index, FK.
Step = tuple[type[Model], list[str], Converters, int, int, Any]


def _columns(model: type[Model], table_alias: str, connection: Any) -> tuple[list[str], list[str], Converters]:  # fmt: skip
    """The model's concrete columns as `table_alias.column`, their attnames and their converters."""
    quote = connection.ops.quote_name
    fields: list[Field] = list(model._meta.concrete_fields)
    converters = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((index, col, found))
    return ([f"{table_alias}.{quote(f.column)}" for f in fields], [f.attname for f in fields],
            converters)  # fmt: skip


def _convert(values: list[Any], converters: Converters, connection: Any) -> list[Any]:  # fmt: skip
    for index, col, functions in converters:
        value = values[index]
        for function in functions:
            value = function(value, col, connection)
        values[index] = value
    return values


def _tenant_param(model: type[Model], connection: Any) -> Any:
    field = model._meta.get_field("tenant_id")
    assert isinstance(field, Field)
    return field.get_db_prep_value(require_tenant().id, connection)


class RowReader(Generic[M]):
    """`model` rows with some forward foreign keys loaded, as `select_related(*related)` does.

    `model` is a class or an "app_label.Model" label (resolved on first use, for modules
    that models import). `related` are non-null foreign key paths ("variant",
    "variant__product", …; a path's parent must come before it). `rows(where, params,
    order_by, for_update)` takes SQL in which the base table is `b`; the tenant filter on `b`
    is added. `for_update` locks the rows read, as select_for_update() does (nothing on SQLite).
    """

    def __init__(self, model: type[M] | str, *related: str) -> None:
        self._model = model
        self.related = related

    @property
    def model(self) -> type[M]:
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)  # type: ignore[assignment]
        return self._model  # type: ignore[return-value]

    @functools.cache  # noqa: B019 - one reader per call site, kept for the process
    def _plan(self, alias: str) -> tuple[str, list[Step]]:
        connection = connections[alias]
        quote = connection.ops.quote_name
        models: dict[str, type[Model]] = {"": self.model}
        aliases = {"": "b"}
        columns, names, converters = _columns(self.model, "b", connection)
        plan: list[Step] = [(self.model, names, converters, 0, -1, None)]
        select, joins = list(columns), []
        for number, path in enumerate(self.related, start=1):
            parent_path, _, name = path.rpartition("__")
            field = models[parent_path]._meta.get_field(name)
            assert isinstance(field, ForeignKey) and not field.null, path
            target = field.related_model
            assert isinstance(target, type) and issubclass(target, Model)
            models[path], aliases[path] = target, f"r{number}"
            joins.append(
                f"INNER JOIN {quote(target._meta.db_table)} r{number} ON "
                f"r{number}.{quote(field.target_field.column)} = {aliases[parent_path]}.{quote(field.column)}"
            )
            columns, names, converters = _columns(target, f"r{number}", connection)
            plan.append(
                (target, names, converters, len(select), list(models).index(parent_path), field)
            )
            select += columns
        sql = (
            f"SELECT {', '.join(select)} FROM {quote(self.model._meta.db_table)} b {' '.join(joins)} "  # noqa: S608 - names from the models
            "WHERE b.tenant_id = %s"
        )
        return sql, plan

    def rows(self, where: str, params: Sequence[Any], order_by: str = "", *,
             for_update: bool = False) -> list[M]:  # fmt: skip
        alias = require_tenant().database_alias
        connection = connections[alias]
        sql, plan = self._plan(alias)
        sql = f"{sql} AND ({where})" + (f" ORDER BY {order_by}" if order_by else "")
        if for_update and connection.features.has_select_for_update:
            if connection.get_autocommit():
                raise TransactionManagementError(
                    "select_for_update cannot be used outside of a transaction."
                )
            sql += " FOR UPDATE"
        with connection.cursor() as cursor:
            cursor.execute(sql, [_tenant_param(self.model, connection), *params])
            fetched = cursor.fetchall()
        result: list[M] = []
        for row in fetched:
            objects: list[Model] = []
            for model, names, converters, start, parent, field in plan:
                values = _convert(list(row[start : start + len(names)]), converters, connection)
                obj = model.from_db(alias, names, values)
                if field is not None:
                    field.set_cached_value(objects[parent], obj)
                objects.append(obj)
            result.append(objects[0])  # type: ignore[arg-type]
        return result


@functools.cache
def _reader(model: type[Model]) -> RowReader[Any]:
    return RowReader(model)


def tenant_row(model: type[M], pk: Any) -> M | None:
    """The current tenant's `model` row with primary key `pk`, or None (also for a bad pk)."""
    connection = connections[require_tenant().database_alias]
    field = model._meta.pk
    assert field is not None
    try:
        value = field.get_db_prep_value(pk, connection)
    except (TypeError, ValueError):
        return None
    rows = _reader(model).rows(f"b.{connection.ops.quote_name(field.column)} = %s", [value])
    return rows[0] if rows else None


@functools.cache
def _insert_plan(model: type[Model], alias: str) -> tuple[str, list[Field], list[bool], list[Any], str]:  # fmt: skip
    connection = connections[alias]
    quote = connection.ops.quote_name
    opts = model._meta
    pk = opts.pk
    assert pk is not None and getattr(pk, "db_returning", False), f"{model}: an auto-increment id"
    fields: list[Field] = [f for f in opts.concrete_fields if f is not pk]
    assert not any(
        getattr(f, "db_returning", False) or f.db_default is not NOT_PROVIDED for f in fields
    )
    # Fields with a pre_save of their own (auto_now, auto_now_add, …) give their value by it.
    own_pre_save = [type(f).pre_save is not Field.pre_save for f in fields]
    foreign_keys = [f for f in fields if isinstance(f, ForeignKey)]
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "  # noqa: S608 - names from the model
    )
    return sql, fields, own_pre_save, foreign_keys, f" RETURNING {quote(pk.column)}"


def insert_rows(objs: Sequence[M]) -> Sequence[M]:
    """INSERT new rows of one tenant-scoped model, as `bulk_create` does; set their ids.

    The statement's column list is built once per model and database; each value goes
    through the field's `pre_save` (auto_now…) and `get_db_prep_save`, as in the ORM's
    INSERT, and related objects' ids are copied onto unset foreign keys (an unsaved related
    object is refused). No signals, like bulk_create. The current tenant's id is stamped on
    rows without one. One statement (or one per batch where the database limits parameters).
    """
    if not objs:
        return objs
    model = type(objs[0])
    tenant = require_tenant()
    alias = tenant.database_alias
    connection = connections[alias]
    head, fields, own_pre_save, foreign_keys, returning = _insert_plan(model, alias)
    for obj in objs:
        assert type(obj) is model and obj.pk is None and obj._state.adding, obj
        if obj.tenant_id is None:  # type: ignore[attr-defined]
            obj.tenant_id = tenant.id  # type: ignore[attr-defined]
        for fk in foreign_keys:
            if getattr(obj, fk.attname) is None and fk.is_cached(obj):
                related = fk.get_cached_value(obj)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(
                            f"insert_rows() refused: unsaved related object '{fk.name}'."
                        )
                    setattr(obj, fk.attname, related.pk)
    row = f"({', '.join(['%s'] * len(fields))})"
    batch = max(1, connection.ops.bulk_batch_size(fields, list(objs)))
    for start in range(0, len(objs), batch):
        chunk = objs[start : start + batch]
        params: list[Any] = []
        for obj in chunk:
            params += [
                f.get_db_prep_save(
                    f.pre_save(obj, True) if own else getattr(obj, f.attname), connection
                )
                for f, own in zip(fields, own_pre_save, strict=True)
            ]
        with connection.cursor() as cursor:
            cursor.execute(f"{head}{', '.join([row] * len(chunk))}{returning}", params)
            ids = cursor.fetchall()
        for obj, (pk,) in zip(chunk, ids, strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = alias
    return objs
