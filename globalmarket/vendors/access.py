"""Which vendor a user acts for, checked in one step ("not yours" == "not found")."""

from typing import Any

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import Forbidden, NotFound

from .errors import VendorError
from .models import Vendor, VendorMember


def membership_for(user: Any, *, vendor_slug: str | None = None) -> VendorMember:
    """The user's membership in `vendor_slug`, or their only vendor when no slug is given.

    Raises NotFound when the user is not a member (or the vendor does not exist), and
    Conflict-like `vendor_required` when they belong to several vendors and named none.
    """
    if user is None or not user.is_authenticated:
        raise NotFound("Vendor not found.", code=VendorError.VENDOR_NOT_FOUND)
    memberships = VendorMember.objects.filter(user=user).select_related("vendor")
    if vendor_slug:
        memberships = memberships.filter(vendor__slug=vendor_slug)
    found = list(memberships[:2])
    if not found:
        raise NotFound("Vendor not found.", code=VendorError.VENDOR_NOT_FOUND)
    if len(found) > 1:
        from globalmarket.core.errors import ApplicationError

        raise ApplicationError(
            VendorError.VENDOR_REQUIRED,
            "You belong to several vendors: say which with the X-Vendor header (its slug).",
        )
    return found[0]


def acting_membership(user: Any, perm: Perm, *, vendor_slug: str | None = None) -> VendorMember:
    """Like `vendor_for`, but the membership (vendor and role), for services that record the role."""
    membership = membership_for(user, vendor_slug=vendor_slug)
    if not has_perm(user, perm, vendor_role=membership.role):
        raise Forbidden("Your role in this vendor does not allow this.")
    return membership


def vendor_for(user: Any, perm: Perm, *, vendor_slug: str | None = None) -> Vendor:
    """The vendor the user acts for, if their role there allows `perm`; else 404/403."""
    return acting_membership(user, perm, vendor_slug=vendor_slug).vendor


def membership_for_request(request: Any, perm: Perm) -> VendorMember:
    """`acting_membership` for an API request: X-Vendor (a slug) names the vendor, if any."""
    slug = request.headers.get("X-Vendor") or None
    return acting_membership(request.user, perm, vendor_slug=slug)


def vendor_for_request(request: Any, perm: Perm) -> Vendor:
    """`vendor_for` for an API request: the vendor is named by the X-Vendor header, if any."""
    return membership_for_request(request, perm).vendor


def audit_role(membership: VendorMember) -> str:
    """The actor role recorded in the audit log, e.g. "vendor:audiotech:owner"."""
    from .services import vendor_role_label

    return vendor_role_label(membership.vendor, membership.role)
