"""Carts (signed-in or anonymous by token) and customers' saved addresses."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from globalmarket.catalog.models import ProductVariant, amount_field
from globalmarket.tenancy.models import TenantScopedModel


class Cart(TenantScopedModel):
    """A shopper's cart: owned by an account, or by whoever holds its token."""

    token = models.UUIDField(default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="carts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "token"], name="cart_token_unique"),
            # One cart per account; anonymous carts have no user.
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="cart_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return str(self.token)


class CartLine(TenantScopedModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The unit price the shopper saw when adding, to say "the price changed since".
    price_at_add = amount_field(default=Decimal(0))
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_unique_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id}"


class Address(TenantScopedModel):
    """A saved address of a customer, validated for its country (see cart.addresses)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    label = models.CharField(max_length=60, blank=True, help_text='e.g. "Home"')
    full_name = models.CharField(max_length=150)
    company = models.CharField(max_length=150, blank=True)
    street = models.CharField(max_length=200)
    house_number = models.CharField(max_length=20, blank=True)
    street2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2)
    phone = models.CharField(max_length=20, help_text="E.164")
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "id"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.full_name}, {self.city} ({self.country})"
