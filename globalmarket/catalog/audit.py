"""Record vendor and staff catalog changes in the audit log (inside the change's transaction)."""

from typing import Any

from globalmarket.audit.services import audit_log

# Per actor object (one request or task): the role in each vendor, looked up once.
_ROLES_ATTR = "_catalog_audit_roles"


def _vendor_role(actor: Any, vendor: Any) -> str:
    """The actor's role as the vendors app records it (`audit_role`), e.g. "vendor:shop:owner"."""
    from globalmarket.vendors.access import audit_role
    from globalmarket.vendors.models import VendorMember

    roles: dict[int, str] = actor.__dict__.setdefault(_ROLES_ATTR, {})
    if vendor.pk not in roles:
        membership = VendorMember.objects.filter(vendor_id=vendor.pk, user_id=actor.pk).first()
        if membership is not None:
            membership.vendor = vendor
            roles[vendor.pk] = audit_role(membership)
        else:  # not (or no longer) a member, e.g. a platform script acting for the vendor
            roles[vendor.pk] = f"vendor:{vendor.slug}"
    return roles[vendor.pk]


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
        role = _vendor_role(actor, vendor)
    audit_log(
        action=action,
        resource_type=resource_type,
        resource_id=resource_id if resource is None else resource.pk,
        old=old,
        new=new,
        actor=actor,
        actor_role=role,
    )
