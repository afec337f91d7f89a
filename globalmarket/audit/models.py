"""The audit log: who changed what, when and from where. Append-only.

Rows can be inserted, never changed or removed: `save()` refuses updates, `delete()` and
queryset `update()`/`delete()` refuse, and on PostgreSQL a trigger raises on UPDATE and
DELETE so not even raw SQL can rewrite history (migration 0002).
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .append_only import AppendOnlyError, AppendOnlyModel

__all__ = ["AppendOnlyError", "AuditLog"]


class AuditLog(AppendOnlyModel):
    """One change made by someone (seed: audit_logs). No foreign keys: it outlives its subjects."""

    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    action = models.CharField(max_length=100, db_index=True)
    resource_type = models.CharField(max_length=50)
    resource_id = models.CharField(max_length=64, blank=True)
    old_values = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    new_values = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta(AppendOnlyModel.Meta):
        db_table = "audit_logs"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["resource_type", "resource_id"], name="audit_resource_idx")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or self.actor_role} {self.action}"
        )
