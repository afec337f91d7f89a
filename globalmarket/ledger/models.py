"""The double-entry ledger of one region: accounts, transactions and their entries (legs).

Amounts are signed: a debit is positive, a credit negative. Every transaction's entries
sum to zero per currency (checked in Python by `services.post`, and on PostgreSQL by a
DEFERRABLE INITIALLY DEFERRED constraint trigger at commit). Transactions and entries are
append-only (Django refuses, and a PostgreSQL trigger refuses UPDATE/DELETE); a mistake
is corrected by a reversal transaction. See docs/ledger.md.
"""

from django.db import models
from django.utils import timezone

from globalmarket.audit.append_only import AppendOnlyModel
from globalmarket.catalog.models import amount_field
from globalmarket.tenancy.models import TenantScopedModel


class Account(TenantScopedModel):
    """A ledger account in one currency, e.g. `vendor_payable:12` in EUR."""

    class Type(models.TextChoices):
        ASSET = "asset", "Asset"
        LIABILITY = "liability", "Liability"
        REVENUE = "revenue", "Revenue"
        EXPENSE = "expense", "Expense"

    code = models.CharField(max_length=100)
    type = models.CharField(max_length=16, choices=Type.choices)
    currency = models.CharField(max_length=3)
    vendor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_accounts"
        ordering = ["code", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "code", "currency"], name="ledger_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.currency}"

    @property
    def kind(self) -> str:
        """The account code without its qualifier: `vendor_payable:12` -> `vendor_payable`."""
        return self.code.split(":", 1)[0]


class LedgerTransaction(AppendOnlyModel):
    """One balanced posting; `key` makes each business event post exactly once."""

    class Kind(models.TextChoices):
        PAYMENT_CAPTURED = "payment_captured", "Payment captured"
        VENDOR_ORDER_DELIVERED = "vendor_order_delivered", "Vendor order delivered"
        REFUND = "refund", "Refund"
        COD_DELIVERED = "cod_delivered", "Cash on delivery"
        PAYOUT_SENT = "payout_sent", "Payout sent"
        PAYOUT_PAID = "payout_paid", "Payout paid"
        PAYOUT_FAILED = "payout_failed", "Payout failed"
        PAYOUT_RETURNED = "payout_returned", "Payout returned"
        REVERSAL = "reversal", "Reversal"
        ADJUSTMENT = "adjustment", "Adjustment"

    key = models.CharField(max_length=200, help_text="Idempotency key of the business event")
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    reference_type = models.CharField(max_length=40, blank=True)
    reference_id = models.CharField(max_length=64, blank=True)
    vendor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    description = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(AppendOnlyModel.Meta):
        db_table = "ledger_transactions"
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "key"], name="ledger_transaction_key")
        ]
        indexes = [
            models.Index(fields=["reference_type", "reference_id"], name="ledger_txn_reference_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Entry(AppendOnlyModel):
    """One leg: a signed amount (debit +, credit -) on one account."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = amount_field()
    currency = models.CharField(max_length=3)
    occurred_at = models.DateTimeField(db_index=True, help_text="Copied from the transaction")

    class Meta(AppendOnlyModel.Meta):
        db_table = "ledger_entries"
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "occurred_at"], name="ledger_entry_account_idx")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount} {self.currency}"
