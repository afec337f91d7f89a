from enum import StrEnum


class CheckoutError(StrEnum):
    CART_EMPTY = "cart_empty"
    OUT_OF_STOCK = "out_of_stock"
    UNAVAILABLE = "unavailable"
    NOT_AVAILABLE_IN_COUNTRY = "not_available_in_country"
    COUNTRY_NOT_SERVED = "country_not_served"
    CURRENCY_MISMATCH = "currency_mismatch"
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable"
    COUPON_NOT_FOUND = "coupon_not_found"
    COUPON_EXPIRED = "coupon_expired"
    COUPON_NOT_STARTED = "coupon_not_started"
    COUPON_INACTIVE = "coupon_inactive"
    COUPON_MIN_SPEND = "coupon_min_spend_not_met"
    COUPON_NOT_APPLICABLE = "coupon_not_applicable"
    COUPON_USED_UP = "coupon_used_up"
    COUPON_CUSTOMER_LIMIT = "coupon_customer_limit_reached"
    COUPON_CODE_TAKEN = "coupon_code_taken"
    ADDRESS_NOT_FOUND = "address_not_found"
