from enum import StrEnum


class TenancyError(StrEnum):
    TENANT_NOT_FOUND = "tenant_not_found"
    MAINTENANCE = "maintenance"
    UNKNOWN_DATABASE = "unknown_database"
    UNKNOWN_LANGUAGE = "unknown_language"
    NOT_EDITABLE = "not_editable"
