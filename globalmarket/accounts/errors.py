from enum import StrEnum


class AccountError(StrEnum):
    EMAIL_TAKEN = "email_taken"
    WEAK_PASSWORD = "weak_password"
    INVALID_CREDENTIALS = "invalid_credentials"
    INACTIVE = "account_inactive"
    WRONG_PASSWORD = "wrong_password"
    INVALID_RESET_LINK = "invalid_reset_link"
    INVALID_PHONE = "invalid_phone"
    UNKNOWN_LANGUAGE = "unknown_language"
    TOKEN_INVALID = "token_not_valid"
