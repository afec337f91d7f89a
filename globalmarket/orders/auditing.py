"""Record staff and vendor changes to orders and coupons in the audit log."""

from typing import Any

from globalmarket.audit.services import audit_log


def record(*, actor: Any, action: str, resource: Any, old: dict[str, Any] | None = None,
           new: dict[str, Any] | None = None, role: str | None = None) -> None:  # fmt: skip
    """Call inside the change's transaction; resource type is the model name (e.g. vendororder)."""
    audit_log(action=action, resource_type=resource._meta.model_name, resource_id=resource.pk,
              old=old, new=new, actor=actor if getattr(actor, "is_authenticated", False) else None, actor_role=role)  # fmt: skip
