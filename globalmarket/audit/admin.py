from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, added to or deleted by hand."""

    list_display = ["created_at", "actor_email", "actor_role", "action", "resource_type",
                    "resource_id", "ip_address"]  # fmt: skip
    list_filter = ["action", "resource_type", "actor_role"]
    search_fields = ["actor_email", "resource_id", "action"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
