from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from globalmarket.core.errors import NotFound

from . import crypto
from .errors import VendorError
from .models import Vendor, VendorInvitation, VendorMember, VendorStatusEvent


def memberships_for(user: Any) -> QuerySet[VendorMember]:
    return VendorMember.objects.filter(user=user).select_related("vendor").order_by("vendor__name")


def staff_vendor_list(*, status: str | None = None, iban: str | None = None,
                      search: str | None = None) -> QuerySet[Vendor]:  # fmt: skip
    """Vendors for the review queue; `iban` finds by the keyed hash (no decryption)."""
    vendors = Vendor.objects.order_by("-created_at", "-id")
    if status:
        vendors = vendors.filter(status=status)
    if iban:
        vendors = vendors.filter(iban_hash__in=crypto.lookup_hashes(iban))
    if search:
        vendors = vendors.filter(name__icontains=search)
    return vendors


def staff_vendor_detail(vendor_id: int) -> Vendor:
    vendor = (
        Vendor.objects.filter(pk=vendor_id)
        .prefetch_related(
            Prefetch("status_events",
                     queryset=VendorStatusEvent.objects.select_related("actor").order_by("created_at", "id")),
            Prefetch("members", queryset=VendorMember.objects.select_related("user").order_by("id")),
        )
        .first()
    )  # fmt: skip
    if vendor is None:
        raise NotFound("Vendor not found.", code=VendorError.VENDOR_NOT_FOUND)
    return vendor


def public_vendor(slug: str) -> Vendor:
    """An approved vendor's public profile; any other status is 'not found'."""
    vendor = Vendor.objects.filter(slug=slug, status=Vendor.Status.APPROVED).first()
    if vendor is None:
        raise NotFound("Vendor not found.", code=VendorError.VENDOR_NOT_FOUND)
    return vendor


def team_members(vendor: Vendor) -> QuerySet[VendorMember]:
    return VendorMember.objects.filter(vendor=vendor).select_related("user").order_by("id")


def open_invitations(vendor: Vendor) -> QuerySet[VendorInvitation]:
    return VendorInvitation.objects.filter(
        vendor=vendor, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
