from enum import StrEnum


class OrderError(StrEnum):
    ORDER_NOT_FOUND = "order_not_found"
    INVALID_TRANSITION = "invalid_transition"
    NOT_CANCELLABLE = "order_not_cancellable"
    RETURN_NOT_ALLOWED = "return_not_allowed"
    UNKNOWN_CARRIER = "unknown_carrier"
