"""Payments of orders, every attempt at paying, refunds, and the webhook inbox."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from globalmarket.catalog.models import amount_field
from globalmarket.tenancy.models import TenantScopedModel


class Method(models.TextChoices):
    CARD = "card", "Card"
    IDEAL = "ideal", "iDEAL"
    PAYPAL = "paypal", "PayPal"
    COD = "cod", "Cash on delivery"


class Provider(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox (test mode)"
    STRIPE = "stripe", "Stripe"
    PAYPAL = "paypal", "PayPal"
    COD = "cod", "Cash on delivery"


class Payment(TenantScopedModel):
    """The payment of one customer order (the seed's `payment` block), across all attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        REQUIRES_ACTION = "requires_action", "Requires action"
        AUTHORIZED = "authorized", "Authorized"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        REFUNDED = "refunded", "Refunded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.OneToOneField(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    order_number = models.CharField(max_length=32, db_index=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="payments",
    )  # fmt: skip
    method = models.CharField(max_length=16, choices=Method.choices)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    currency = models.CharField(max_length=3)
    amount = amount_field()
    captured_amount = amount_field(default=0)
    refunded_amount = amount_field(default=0)
    provider_reference = models.CharField(
        max_length=128, blank=True, help_text="Provider's id of the current attempt"
    )
    transaction_id = models.CharField(
        max_length=128, blank=True, help_text="Provider's charge/capture id"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    cod_collected = models.JSONField(
        default=list,
        blank=True,
        help_text="Cash on delivery: vendor orders whose cash was collected",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(captured_amount__gte=0), name="payment_captured_gte_0"),
            models.CheckConstraint(condition=Q(refunded_amount__gte=0), name="payment_refunded_gte_0"),
            models.CheckConstraint(condition=Q(captured_amount__lte=F("amount")),
                                   name="payment_captured_lte_amount"),
            # The backstop of "never refund more than was captured", under any concurrency.
            models.CheckConstraint(condition=Q(refunded_amount__lte=F("captured_amount")),
                                   name="payment_refunded_lte_captured"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.order_number} {self.method} {self.status}"

    @property
    def refundable_amount(self):  # type: ignore[no-untyped-def]
        return self.captured_amount - self.refunded_amount

    @property
    def is_captured(self) -> bool:
        return self.status in {self.Status.PAID, self.Status.PARTIALLY_REFUNDED}


class PaymentAttempt(TenantScopedModel):
    """One try at paying (one provider object: PaymentIntent, PayPal order, sandbox charge)."""

    class Status(models.TextChoices):
        CREATED = "created", "Created"
        PENDING = "pending", "Pending"
        REQUIRES_ACTION = "requires_action", "Requires action"
        AUTHORIZED = "authorized", "Authorized"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="attempts")
    provider = models.CharField(max_length=16, choices=Provider.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    provider_reference = models.CharField(max_length=128, blank=True)
    transaction_id = models.CharField(
        max_length=128, blank=True, help_text="Charge/capture id once paid"
    )
    idempotency_key = models.CharField(max_length=255)
    redirect_url = models.URLField(max_length=2000, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    return_url = models.CharField(max_length=2000, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payment_attempt_provider_ref_unique",
            )
        ]


class PaymentEvent(TenantScopedModel):
    """Append-only history of a payment's status: what changed it and from which source."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    source = models.CharField(max_length=32, help_text="webhook, fetch, provider_api, refund, cod")
    webhook = models.ForeignKey(
        "WebhookInbox", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class WebhookInbox(TenantScopedModel):
    """Every verified webhook, stored before it is processed; (provider, event_id) is unique."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored"

    provider = models.CharField(max_length=16, choices=Provider.choices)
    event_id = models.CharField(max_length=128)
    event_type = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    deliveries = models.PositiveIntegerField(default=1)
    note = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_inbox_unique")
        ]


class Refund(TenantScopedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    vendor_order = models.ForeignKey(
        "orders.VendorOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    amount = amount_field()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=500)
    lines = models.JSONField(default=list, blank=True, help_text="[{line_id, quantity, amount}]")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    provider_reference = models.CharField(max_length=128, blank=True)
    automatic = models.BooleanField(default=False, help_text="Issued by the platform itself")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    failure_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]


class SandboxCharge(TenantScopedModel):
    """The sandbox provider's own record of a charge (what a real provider keeps on its side)."""

    class Status(models.TextChoices):
        REQUIRES_ACTION = "requires_action", "Waiting for the shopper"
        CHALLENGE = "challenge", "3-D Secure challenge"
        SUCCEEDED = "succeeded", "Succeeded"
        AUTHORIZED = "authorized", "Authorized"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=255, unique=True)
    method = models.CharField(max_length=16, choices=Method.choices)
    amount_minor = models.BigIntegerField()
    captured_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUIRES_ACTION)
    manual_capture = models.BooleanField(default=False)
    description = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    return_url = models.CharField(max_length=2000, blank=True)
    events_sent = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(refunded_minor__lte=F("captured_minor")),
                                   name="sandbox_refunded_lte_captured")
        ]  # fmt: skip
