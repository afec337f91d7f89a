from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from .models import AuditLog


def audit_logs(*, actor: str = "", action: str = "", resource_type: str = "",
               resource_id: str = "", since: datetime | None = None,
               until: datetime | None = None) -> QuerySet[AuditLog]:  # fmt: skip
    """Entries matching every given filter, newest first. `actor` is an email or a user id."""
    logs = AuditLog.objects.order_by("-created_at", "-id")
    if actor:
        logs = logs.filter(
            Q(actor_id=int(actor)) if actor.isdigit() else Q(actor_email__iexact=actor)
        )
    filters: dict[str, Any] = {}
    if action:
        filters["action"] = action
    if resource_type:
        filters["resource_type"] = resource_type
    if resource_id:
        filters["resource_id"] = resource_id
    if since is not None:
        filters["created_at__gte"] = since
    if until is not None:
        filters["created_at__lt"] = until
    return logs.filter(**filters)
