from enum import StrEnum


class CartError(StrEnum):
    VARIANT_NOT_FOUND = "variant_not_found"
    UNAVAILABLE = "unavailable"
    OUT_OF_STOCK = "out_of_stock"
    INSUFFICIENT_STOCK = "insufficient_stock"
    QUANTITY_LIMIT = "quantity_limit"
    LINE_NOT_FOUND = "cart_line_not_found"
    CART_NOT_FOUND = "cart_not_found"
    REQUIRED = "required"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_PHONE = "invalid_phone"
    COUNTRY_NOT_SERVED = "country_not_served"
    INVALID_REGION = "invalid_region"
    INVALID_ADDRESS = "invalid_address"
    ADDRESS_NOT_FOUND = "address_not_found"
