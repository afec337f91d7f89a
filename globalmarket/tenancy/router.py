"""Route tenant-scoped models to the current region's database; the registry to `default`."""

from typing import Any

from django.conf import settings
from django.db.models import Model

from .context import require_tenant


def _is_control_plane(app_label: str) -> bool:
    return app_label in settings.CONTROL_PLANE_APPS


class TenantRouter:
    def _db(self, model: type[Model], **hints: Any) -> str:
        if _is_control_plane(model._meta.app_label):
            return "default"
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return str(instance._state.db)
        return require_tenant().database_alias

    db_for_read = _db
    db_for_write = _db

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        if obj1._state.db and obj2._state.db:
            return obj1._state.db == obj2._state.db
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        if db == "default":
            return _is_control_plane(app_label)
        return not _is_control_plane(app_label)
