from enum import StrEnum


class PaymentError(StrEnum):
    PROVIDER_UNKNOWN = "provider_unknown"
    WEBHOOK_SIGNATURE_INVALID = "webhook_signature_invalid"
    METHOD_NOT_OFFERED = "payment_method_not_offered"
    CARD_DATA_REFUSED = "card_data_refused"
    PAYMENT_TOKEN_REQUIRED = "payment_token_required"
    PAYMENT_NOT_FOUND = "payment_not_found"
    ORDER_ALREADY_PAID = "order_already_paid"
    ORDER_NOT_PAYABLE = "order_not_payable"
    PROVIDER_ERROR = "payment_provider_error"
    PAYMENT_NOT_CAPTURED = "payment_not_captured"
    REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured"
    REFUND_FAILED = "refund_failed"
    REFUND_AMOUNT_INVALID = "refund_amount_invalid"
    SANDBOX_ACTION_INVALID = "sandbox_action_invalid"
    COD_NOT_COLLECTABLE = "cod_not_collectable"
