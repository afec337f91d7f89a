"""Error codes of the catalog."""

from enum import StrEnum


class CatalogError(StrEnum):
    PRODUCT_NOT_FOUND = "product_not_found"
    VARIANT_NOT_FOUND = "variant_not_found"
    IMAGE_NOT_FOUND = "image_not_found"
    CATEGORY_NOT_FOUND = "category_not_found"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_BRAND = "unknown_brand"
    UNKNOWN_LANGUAGE = "unknown_language"
    UNKNOWN_COUNTRY = "unknown_country"
    REQUIRED = "required"
    INVALID_AMOUNT = "invalid_amount"
    FLOAT_NOT_ALLOWED = "float_not_allowed"
    NEGATIVE_AMOUNT = "negative_amount"
    DUPLICATE_SKU = "duplicate_sku"
    DUPLICATE_SLUG = "duplicate_slug"
    INVALID_IMAGE = "invalid_image"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_STATUS = "invalid_status"
    NEGATIVE_STOCK = "negative_stock"
    STOCK_CHANGED = "stock_changed"
    INVALID_IMPORT = "invalid_import"
    LAST_VARIANT = "last_variant"
