"""Rows that can be inserted, never updated or deleted (audit log, ledger).

Django refuses in `save()`/`delete()` and queryset `update()`/`delete()`; on PostgreSQL a
trigger (`refuse_change_sql`) makes the database itself refuse UPDATE and DELETE.
"""

from typing import Any, NoReturn

from django.db import migrations, models

from globalmarket.tenancy.models import TenantManager, TenantQuerySet, TenantScopedModel


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an append-only row."""


class AppendOnlyQuerySet(TenantQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")


class AppendOnlyManager(TenantManager.from_queryset(AppendOnlyQuerySet)):  # type: ignore[misc]
    pass


class AppendOnlyModel(TenantScopedModel):
    """A tenant row that can only be inserted (used by the audit log and the ledger)."""

    objects = AppendOnlyManager()  # type: ignore[misc]
    unscoped = models.Manager.from_queryset(AppendOnlyQuerySet)()  # type: ignore[misc]

    class Meta:
        abstract = True
        base_manager_name = "unscoped"
        default_manager_name = "objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION gm_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %: rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


class PostgresSQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only (SQLite, the embedded default, has no plpgsql)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:  # fmt: skip
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any,
                           to_state: Any) -> None:  # fmt: skip
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def refuse_change_sql(table: str) -> PostgresSQL:
    """A migration operation: on PostgreSQL, UPDATE and DELETE on `table` raise."""
    trigger = f"{table}_append_only"
    return PostgresSQL(
        REFUSE_FUNCTION + f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION gm_refuse_change();",
        reverse_sql=f"DROP TRIGGER IF EXISTS {trigger} ON {table};",
    )
