from enum import StrEnum


class VendorError(StrEnum):
    VENDOR_NOT_FOUND = "vendor_not_found"
    VENDOR_REQUIRED = "vendor_required"
    VENDOR_NOT_APPROVED = "vendor_not_approved"
