"""VAT rates, coupons and their redemptions, and stock reservations held during payment."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from globalmarket.catalog.models import ProductVariant, amount_field
from globalmarket.orders.models import Order, rate_field
from globalmarket.tenancy.models import TenantScopedModel
from globalmarket.vendors.models import Vendor


class TaxRate(TenantScopedModel):
    """A tenant's VAT rate for a destination country and tax class (overrides the defaults)."""

    country = models.CharField(max_length=2)
    tax_class = models.CharField(max_length=16, default="standard")
    rate = rate_field(help_text="0.2100 for 21 %")

    class Meta:
        ordering = ["country", "tax_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "country", "tax_class"], name="tax_rate_unique"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lt=1), name="tax_rate_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.tax_class} {self.rate}"


class Coupon(TenantScopedModel):
    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        FIXED = "fixed", "Fixed amount"

    code = models.CharField(max_length=64, help_text="Stored upper-case")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.DecimalField(
        max_digits=15, decimal_places=3, help_text="Percent (10 = 10 %) or amount"
    )
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coupons",
        help_text="Only this vendor's items; empty = whole marketplace",
    )
    min_spend = amount_field(default=Decimal(0))
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    max_uses_per_customer = models.PositiveIntegerField(null=True, blank=True)
    # Changed only by a conditional UPDATE (used_count < max_uses), see checkout.coupons.
    used_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "code"], name="coupon_code_unique"),
            models.CheckConstraint(condition=Q(value__gt=0), name="coupon_value_positive"),
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(used_count__lte=models.F("max_uses")),
                name="coupon_used_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CouponRedemption(TenantScopedModel):
    """One use of a coupon by an order; `use_number` makes per-customer limits race-free."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="coupon_redemptions")
    use_number = models.PositiveIntegerField(help_text="1..max_uses_per_customer for this customer")
    amount = amount_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coupon", "order"], name="coupon_redemption_once"),
            models.UniqueConstraint(
                fields=["coupon", "customer", "use_number"], name="coupon_redemption_per_customer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coupon_id} by order {self.order_id}"


class StockReservation(TenantScopedModel):
    """Units taken from a variant's stock for an order until it is paid or the hold expires."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Held"
        COMMITTED = "committed", "Sold"
        RELEASED = "released", "Released"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="reservations")
    variant = models.ForeignKey(
        ProductVariant, null=True, on_delete=models.SET_NULL, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "expires_at"], name="reservation_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id} ({self.status})"
