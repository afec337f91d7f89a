"""The link between a payment and its order (filled in once orders exist in main)."""

from typing import Any


def payment_paid(payment: Any) -> None:
    """Mark the order paid; re-reserve expired stock or refund automatically."""


def payment_failed(payment: Any) -> None:
    """The order stays pending; its stock stays reserved until the reservation expires."""


def refund_succeeded(refund: Any) -> None:
    """Record the refund on the order's timeline and tell the customer."""
