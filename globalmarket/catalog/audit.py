"""Record vendor and staff catalog changes in the audit log (inside the change's transaction)."""

from typing import Any

from globalmarket.audit.services import audit_log


def record(
    *,
    actor: Any,
    action: str,
    resource: Any,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    resource_id: Any = None,
) -> None:
    """Append an audit entry for a catalog change; `resource` is the changed row (or None)."""
    resource_type = action.split(".")[0]
    role = None
    vendor = getattr(resource, "vendor", None)
    if vendor is None and getattr(resource, "product", None) is not None:
        vendor = resource.product.vendor
    if (
        vendor is not None
        and actor is not None
        and not getattr(actor, "staff_role", "")
        and not getattr(actor, "is_platform_admin", False)
    ):
        role = f"vendor:{vendor.slug}"
    audit_log(
        action=action,
        resource_type=resource_type,
        resource_id=resource_id if resource is None else resource.pk,
        old=old,
        new=new,
        actor=actor,
        actor_role=role,
    )
