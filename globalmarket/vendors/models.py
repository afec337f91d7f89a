"""Vendors (businesses selling in one region) and their teams."""

from django.conf import settings
from django.db import models

from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.models import TenantScopedModel


class Vendor(TenantScopedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"

    class PayoutMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        PAYPAL = "paypal", "PayPal"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.JSONField(default=dict, blank=True, help_text="{language: text}")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    legal_form = models.CharField(max_length=60, blank=True, help_text="e.g. B.V., GmbH, SAS, LLC")
    vat_number = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 of the business seat")
    address = models.JSONField(
        default=dict, help_text="{street, city, postal_code, state, country}"
    )
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=20, blank=True)
    # Payout details: the IBAN is encrypted at rest, shown masked, found by a keyed hash.
    payout_method = models.CharField(
        max_length=16, choices=PayoutMethod.choices, default=PayoutMethod.BANK_TRANSFER
    )
    iban_encrypted = models.TextField(blank=True)
    iban_hash = models.CharField(max_length=64, blank=True, db_index=True)
    iban_last4 = models.CharField(max_length=4, blank=True)
    iban_country = models.CharField(max_length=2, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    paypal_email = models.EmailField(blank=True)
    # Owners are emailed when payout details change (an account takeover's first move).
    payout_changed_at = models.DateTimeField(null=True, blank=True)
    payout_notified_at = models.DateTimeField(null=True, blank=True)
    # Default shipping when a product has no entry for the country:
    # {"NL": {"cost": "4.95", "delivery_days_min": 1, "delivery_days_max": 3}, ...}
    shipping_rates = models.JSONField(default=dict, blank=True)
    free_shipping_over = models.DecimalField(max_digits=15, decimal_places=3, null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    # Kept up to date by product reviews; null until the first review.
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_count = models.PositiveIntegerField(default=0)
    approved_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_selling(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def iban_masked(self) -> str:
        from .crypto import mask_iban

        return mask_iban(self.iban_country, self.iban_last4)


class VendorMember(TenantScopedModel):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_memberships"
    )
    role = models.CharField(max_length=16, choices=VendorRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "user"], name="vendor_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.vendor_id} ({self.role})"


class VendorStatusEvent(TenantScopedModel):
    """Append-only history of a vendor's review: who changed what, when and why."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="status_events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, help_text="owner emailed")

    class Meta:
        ordering = ["created_at", "id"]


class VendorInvitation(TenantScopedModel):
    """An emailed invitation to join a vendor's team; only a hash of the token is stored."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=VendorRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.vendor_id} ({self.role})"
