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


class CommissionRule(TenantScopedModel):
    """A commission rate: the region's default, or an override for a category or a vendor.

    Matching (commission.commission_rate_for): the vendor's rule, else the rule of the
    product's category or its nearest ancestor, else the default rule, else
    settings.LEDGER_DEFAULT_COMMISSION_RATE. `minimum`/`maximum` bound the commission of
    one order line, in the line's currency.
    """

    vendor = models.OneToOneField(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.OneToOneField(
        "catalog.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rate = models.DecimalField(max_digits=6, decimal_places=4, help_text="0.1000 is 10 %")
    minimum = amount_field(null=True, blank=True, help_text="Per line")
    maximum = amount_field(null=True, blank=True, help_text="Per line")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ledger_commission_rules"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor__isnull=True) | models.Q(category__isnull=True),
                name="commission_rule_one_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0) & models.Q(rate__lte=1),
                name="commission_rule_rate_range",
            ),
            models.UniqueConstraint(
                fields=["tenant_id"],
                condition=models.Q(vendor__isnull=True, category__isnull=True),
                name="commission_rule_one_default",
            ),
        ]

    def __str__(self) -> str:
        scope = f"vendor {self.vendor_id}" if self.vendor_id else (
            f"category {self.category_id}" if self.category_id else "default")  # fmt: skip
        return f"{scope}: {self.rate}"


class PayoutBatch(TenantScopedModel):
    """One SEPA credit-transfer file (pain.001) covering approved bank-transfer payouts."""

    message_id = models.CharField(max_length=35, help_text="GrpHdr/MsgId, unique per region")
    currency = models.CharField(max_length=3)
    control_sum = amount_field()
    count = models.PositiveIntegerField()
    xml = models.TextField()
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_payout_batches"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "message_id"], name="payout_batch_msgid")
        ]

    def __str__(self) -> str:
        return self.message_id


class Payout(TenantScopedModel):
    """Money paid out to a vendor for a period (seed: vendor_payouts, plus `unresolved`).

    Created by the payout job (status pending) and posted to the ledger at once
    (vendor_payable -> payouts_in_transit), so the same money is never paid out twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending approval"
        PROCESSING = "processing", "Processing"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        RETURNED = "returned", "Returned"
        UNRESOLVED = "unresolved", "Unresolved"

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        PAYPAL = "paypal", "PayPal"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="payouts")
    payout_number = models.CharField(max_length=50)
    period_start = models.DateField()
    period_end = models.DateField()
    total_sales = amount_field(help_text="Gross sales delivered in the period")
    commission_rate = models.DecimalField(max_digits=6, decimal_places=4,
                                          help_text="Effective: commission / sales")  # fmt: skip
    commission_amount = amount_field()
    payout_amount = amount_field()
    currency = models.CharField(max_length=3)
    payment_method = models.CharField(max_length=20, choices=Method.choices)
    bank_account = models.CharField(max_length=64, blank=True, help_text="Masked IBAN")
    paypal_email = models.EmailField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING,
                              db_index=True)  # fmt: skip
    approved_by_id = models.BigIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(PayoutBatch, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="payouts")  # fmt: skip
    paid_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ledger_payouts"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "payout_number"], name="payout_number_unique"),
            models.UniqueConstraint(fields=["vendor", "currency", "period_end"],
                                    name="payout_one_per_vendor_period"),
            models.CheckConstraint(condition=models.Q(payout_amount__gt=0), name="payout_positive"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["period_start", "period_end"], name="payout_period_idx")]

    def __str__(self) -> str:
        return self.payout_number


class InvoiceSequence(TenantScopedModel):
    """Last invoice number of a series and year; taken under a row lock, so numbers have no gaps."""

    series = models.CharField(max_length=40, help_text='"vendor:<id>" or "platform:commission"')
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "ledger_invoice_sequences"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "series", "year"], name="invoice_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_value}"


class Invoice(TenantScopedModel):
    """A VAT invoice (vendor -> buyer, per vendor order) or a commission invoice (platform ->
    vendor, per payout). Everything printed is frozen here, so a re-render is identical."""

    class Kind(models.TextChoices):
        VAT = "vat", "VAT invoice"
        COMMISSION = "commission", "Commission invoice"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="invoices")
    vendor_order = models.OneToOneField("orders.VendorOrder", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="invoice")  # fmt: skip
    payout = models.OneToOneField(Payout, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="invoice")  # fmt: skip
    customer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40)
    language = models.CharField(max_length=8)
    currency = models.CharField(max_length=3)
    seller = models.JSONField()
    buyer = models.JSONField()
    lines = models.JSONField(
        help_text="[{description, quantity, unit_price, vat_rate, net, vat, total}]"
    )
    vat_breakdown = models.JSONField(help_text='[{"rate", "net", "vat"}]')
    net_total = amount_field()
    vat_total = amount_field()
    total = amount_field()
    notes = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_invoices"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "series", "year", "sequence"],
                                    name="invoice_sequence_number_unique"),
            models.UniqueConstraint(fields=["tenant_id", "number"], name="invoice_number_unique"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.number

    @property
    def is_rtl(self) -> bool:
        return self.language in ("ar", "fa", "he", "ur")
