"""Write audit entries. Call inside the transaction of the change you are recording."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from globalmarket.core.logging import request_id_var
from globalmarket.tenancy.db import atomic

from .context import current_actor
from .models import AuditLog


def to_json(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Decimals, dates, UUIDs and lazy strings as JSON-native values (what will be read back)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


def audit_log(*, action: str, resource_type: str, resource_id: str | int | None = None,
              old: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
              actor: Any = None, actor_role: str | None = None) -> AuditLog:  # fmt: skip
    """Record one change by the current actor (request user, `audit_actor(...)`, or system).

    `actor` (a user) overrides who acted; IP and user agent still come from the request.
    Runs in the caller's region transaction when there is one, so the entry commits or
    rolls back together with the change.
    """
    who = current_actor(user=actor, role=actor_role)
    with atomic():
        return AuditLog.objects.create(
            actor_id=who.user_id,
            actor_email=who.email,
            actor_role=who.role,
            ip_address=who.ip,
            user_agent=who.user_agent,
            action=action,
            resource_type=resource_type,
            resource_id="" if resource_id is None else str(resource_id),
            old_values=to_json(old),
            new_values=to_json(new),
            request_id=request_id_var.get().strip("-"),
        )


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ: (old, new), for a compact update entry."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
