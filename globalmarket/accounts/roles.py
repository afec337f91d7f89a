"""Roles and what each may do: the one place permissions are decided."""

from enum import StrEnum

from django.db import models


class StaffRole(models.TextChoices):
    ADMIN = "admin", "Region admin"
    SUPPORT = "support", "Support"
    FINANCE = "finance", "Finance"


class VendorRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    STAFF = "staff", "Staff"


class Perm(StrEnum):
    """Actions checked by `has_perm`. Add a member and its row in RULES together."""

    # region staff
    VENDOR_REVIEW = "vendor.review"  # approve, reject, suspend, reinstate vendors
    PRODUCT_MODERATE = "product.moderate"
    ORDER_VIEW_ALL = "order.view_all"
    ORDER_MANAGE = "order.manage"  # cancel, notes
    REFUND_ISSUE = "refund.issue"
    COUPON_MANAGE = "coupon.manage"
    FINANCE_VIEW = "finance.view"
    PAYOUT_APPROVE = "payout.approve"
    AUDIT_VIEW = "audit.view"
    TENANT_SETTINGS = "tenant.settings"
    TENANT_MANAGE = "tenant.manage"  # create tenants: platform admins only
    # vendor team
    VENDOR_CATALOG = "vendor.catalog"  # products, variants, images, stock
    VENDOR_ORDERS = "vendor.orders"  # accept, reject, ship, deliver
    VENDOR_REFUND = "vendor.refund"
    VENDOR_FINANCE = "vendor.finance"  # statement, payouts, invoices
    VENDOR_TEAM = "vendor.team"  # invite and remove members
    VENDOR_PROFILE = "vendor.profile"  # business and payout details


_ALL_STAFF = {StaffRole.ADMIN, StaffRole.SUPPORT, StaffRole.FINANCE}
STAFF_RULES: dict[Perm, set[StaffRole]] = {
    Perm.VENDOR_REVIEW: {StaffRole.ADMIN},
    Perm.PRODUCT_MODERATE: {StaffRole.ADMIN, StaffRole.SUPPORT},
    Perm.ORDER_VIEW_ALL: _ALL_STAFF,
    Perm.ORDER_MANAGE: {StaffRole.ADMIN, StaffRole.SUPPORT},
    Perm.REFUND_ISSUE: {StaffRole.ADMIN, StaffRole.FINANCE},
    Perm.COUPON_MANAGE: {StaffRole.ADMIN},
    Perm.FINANCE_VIEW: {StaffRole.ADMIN, StaffRole.FINANCE},
    Perm.PAYOUT_APPROVE: {StaffRole.FINANCE},
    Perm.AUDIT_VIEW: {StaffRole.ADMIN},
    Perm.TENANT_SETTINGS: {StaffRole.ADMIN},
}
VENDOR_RULES: dict[Perm, set[VendorRole]] = {
    Perm.VENDOR_CATALOG: {VendorRole.OWNER, VendorRole.MANAGER, VendorRole.STAFF},
    Perm.VENDOR_ORDERS: {VendorRole.OWNER, VendorRole.MANAGER, VendorRole.STAFF},
    Perm.VENDOR_REFUND: {VendorRole.OWNER, VendorRole.MANAGER},
    Perm.VENDOR_FINANCE: {VendorRole.OWNER, VendorRole.MANAGER},
    Perm.VENDOR_TEAM: {VendorRole.OWNER},
    Perm.VENDOR_PROFILE: {VendorRole.OWNER},
}
