from enum import StrEnum


class SearchError(StrEnum):
    INVALID_COUNTRY = "invalid_country"
    INVALID_CATEGORY = "invalid_category"
    INVALID_SORT = "invalid_sort"
