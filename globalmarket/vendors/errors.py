from enum import StrEnum


class VendorError(StrEnum):
    VENDOR_NOT_FOUND = "vendor_not_found"
    VENDOR_REQUIRED = "vendor_required"
    VENDOR_NOT_APPROVED = "vendor_not_approved"
    INVALID_VAT_NUMBER = "invalid_vat_number"
    INVALID_IBAN = "invalid_iban"
    INVALID_BIC = "invalid_bic"
    COUNTRY_NOT_IN_REGION = "country_not_in_region"
    INVALID_ADDRESS = "invalid_address"
    INVALID_PAYOUT = "invalid_payout"
    UNKNOWN_LANGUAGE = "unknown_language"
    APPLICATION_PENDING = "application_pending"
    INVALID_TRANSITION = "invalid_transition"
    REASON_REQUIRED = "reason_required"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_EMAIL_MISMATCH = "invitation_email_mismatch"
    ALREADY_MEMBER = "already_member"
    MEMBER_NOT_FOUND = "member_not_found"
    LAST_OWNER = "last_owner"
