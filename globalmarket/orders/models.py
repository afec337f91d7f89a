"""Customer orders, their per-vendor parts, frozen lines and the append-only timeline.

One checkout creates one `Order` (what the shopper sees and pays) and one `VendorOrder` per
vendor (what each vendor fulfils). The customer order's status is derived from its vendor
orders (see orders.state). Lines keep name, SKU, variant, prices and VAT as at purchase.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from globalmarket.catalog.models import Product, ProductVariant, amount_field
from globalmarket.tenancy.models import TenantScopedModel
from globalmarket.vendors.models import Vendor


def rate_field(**kwargs: Any) -> models.DecimalField:
    """A rate as a fraction with 4 decimals: 0.2100 is 21 %, 0.0550 is 5.5 %."""
    return models.DecimalField(max_digits=6, decimal_places=4, **kwargs)


class Order(TenantScopedModel):
    """The customer order: one per checkout, spanning one or more vendors."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        PARTIALLY_SHIPPED = "partially_shipped", "Partially shipped"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        AUTHORIZED = "authorized", "Authorized"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        REFUNDED = "refunded", "Refunded"
        CASH_ON_DELIVERY = "cod", "Cash on delivery"

    number = models.CharField(max_length=32, help_text="EU-2026-000123")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Null once an account is erased; the order itself is kept for tax law.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="orders"
    )
    customer_email = models.EmailField()
    language = models.CharField(max_length=8, blank=True, help_text="Language of the shopper")
    shipping_address = models.JSONField(help_text="Address as given at checkout")
    billing_address = models.JSONField(default=dict, blank=True)
    currency = models.CharField(max_length=3)
    prices_include_vat = models.BooleanField(help_text="Tenant setting at purchase")
    subtotal = amount_field(help_text="Sum of line subtotals, on the tenant's price basis")
    shipping_cost = amount_field(default=Decimal(0))
    discount = amount_field(default=Decimal(0))
    tax = amount_field(default=Decimal(0))
    total = amount_field()
    # [{"rate": "0.2100", "tax_class": "standard", "net": "299.99", "tax": "63.00"}]
    vat_breakdown = models.JSONField(default=list, blank=True)
    coupon_code = models.CharField(max_length=64, blank=True)
    payment_method = models.CharField(max_length=32)
    payment_status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    customer_note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True, help_text="Staff only")
    placed_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "number"], name="order_number_unique"),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(
                condition=Q(discount__gte=0), name="order_discount_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-placed_at"], name="order_customer_placed"),
            models.Index(fields=["status", "-placed_at"], name="order_status_placed"),
        ]

    def __str__(self) -> str:
        return self.number


class VendorOrder(TenantScopedModel):
    """The part of an order one vendor fulfils, with its own status machine."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        REJECTED = "rejected", "Rejected"
        CANCELLED = "cancelled", "Cancelled"
        RETURNED = "returned", "Returned"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="vendor_orders")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(max_length=40, help_text="EU-2026-000123-1")
    sequence = models.PositiveSmallIntegerField(help_text="1, 2, … within the order")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    currency = models.CharField(max_length=3)
    subtotal = amount_field()
    shipping_cost = amount_field(default=Decimal(0))
    discount = amount_field(default=Decimal(0))
    tax = amount_field(default=Decimal(0))
    total = amount_field()
    vat_breakdown = models.JSONField(default=list, blank=True)
    delivery_days_min = models.PositiveSmallIntegerField(null=True, blank=True)
    delivery_days_max = models.PositiveSmallIntegerField(null=True, blank=True)
    carrier = models.CharField(max_length=32, blank=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    tracking_url = models.URLField(max_length=500, blank=True)
    rejection_reason = models.TextField(blank=True)
    return_reason = models.TextField(blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    return_requested_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "number"], name="vendor_order_number_unique"
            ),
            models.UniqueConstraint(fields=["order", "vendor"], name="vendor_order_one_per_vendor"),
            models.CheckConstraint(
                condition=Q(total__gte=0), name="vendor_order_total_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["vendor", "-created_at"], name="vendor_order_vendor_created"),
            models.Index(fields=["vendor", "status"], name="vendor_order_vendor_status"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def units(self) -> int:
        """Items in this part: the lines' quantities (selectors prefetch the lines)."""
        return sum(line.quantity for line in self.lines.all())


class OrderLine(TenantScopedModel):
    """One variant bought, frozen as at purchase (the catalog may change or vanish later)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    vendor_order = models.ForeignKey(VendorOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    variant = models.ForeignKey(
        ProductVariant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(max_length=255, help_text="In the order's language")
    product_name_i18n = models.JSONField(default=dict, blank=True, help_text="{language: name}")
    sku = models.CharField(max_length=64)
    variant_label = models.CharField(max_length=130, blank=True, help_text='e.g. "Color: Black"')
    tax_class = models.CharField(max_length=16, default="standard")
    unit_price = amount_field(help_text="On the tenant's price basis (with or without VAT)")
    quantity = models.PositiveIntegerField()
    line_subtotal = amount_field(help_text="unit_price x quantity")
    discount = amount_field(default=Decimal(0), help_text="Share of the coupon discount")
    vat_rate = rate_field()
    vat_amount = amount_field()
    line_net = amount_field(help_text="Excluding VAT, after discount")
    line_total = amount_field(help_text="Including VAT, after discount")
    # Frozen at purchase by the ledger's commission rule; null until that rule has run.
    commission_rate = rate_field(null=True, blank=True)

    class Meta:
        ordering = ["vendor_order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(line_total__gte=0), name="order_line_total_not_negative"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class OrderEvent(TenantScopedModel):
    """Append-only timeline entry: a status change or a note, with who did it and when."""

    class ActorRole(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        VENDOR = "vendor", "Vendor"
        STAFF = "staff", "Staff"
        SYSTEM = "system", "System"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    vendor_order = models.ForeignKey(
        VendorOrder, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(max_length=16, choices=ActorRole.choices)
    kind = models.CharField(max_length=32, default="status", help_text="status, note, payment, …")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "created_at"], name="order_event_order_created")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status}->{self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Order events are append-only.")
        super().save(*args, **kwargs)


class OrderNumberCounter(TenantScopedModel):
    """Last order number issued per tenant and year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "year"], name="order_counter_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"
