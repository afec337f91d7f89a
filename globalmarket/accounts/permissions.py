"""Decide what a user may do. Views and services ask here, nowhere else."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .roles import STAFF_RULES, VENDOR_RULES, Perm, StaffRole, VendorRole


def has_perm(user: Any, perm: Perm, *, vendor_role: str | None = None) -> bool:
    """Staff permissions come from the staff role; vendor ones from the role in that vendor.

    Platform admins may do everything. `vendor_role` is the user's role in the vendor the
    action concerns (the caller looks it up with the vendor, see vendors.access).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_platform_admin:
        return True
    if perm in STAFF_RULES:
        return bool(user.staff_role) and StaffRole(user.staff_role) in STAFF_RULES[perm]
    if perm in VENDOR_RULES:
        return vendor_role is not None and VendorRole(vendor_role) in VENDOR_RULES[perm]
    return False


class StaffPermission(BasePermission):
    """DRF permission for a staff-only endpoint: `permission_classes = [StaffPermission.of(Perm.X)]`."""

    perm: Perm

    @classmethod
    def of(cls, perm: Perm) -> type["StaffPermission"]:
        return type(f"Staff{perm.name.title().replace('_', '')}", (cls,), {"perm": perm})

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_perm(request.user, self.perm)
