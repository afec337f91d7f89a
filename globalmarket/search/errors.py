from enum import StrEnum


class SearchError(StrEnum):
    INVALID_COUNTRY = "invalid_country"
