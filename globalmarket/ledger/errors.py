from enum import StrEnum


class LedgerError(StrEnum):
    UNBALANCED = "ledger_unbalanced"
    INVALID_POSTING = "ledger_invalid_posting"
    CURRENCY_MISMATCH = "ledger_currency_mismatch"
    ALREADY_REVERSED = "ledger_already_reversed"
    REFUND_EXCEEDS_PAID = "ledger_refund_exceeds_paid"
    PAYOUT_NOT_FOUND = "payout_not_found"
    PAYOUT_STATE = "payout_invalid_state"
    PAYOUT_NO_BANK_DETAILS = "payout_no_bank_details"
    INVOICE_NOT_FOUND = "invoice_not_found"
    COMMISSION_RULE_INVALID = "commission_rule_invalid"
    INVOICE_PDF_UNAVAILABLE = "invoice_pdf_unavailable"
