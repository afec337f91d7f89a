"""Which payment methods a region offers, and for which shipping countries."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from globalmarket.core.errors import ApplicationError, field_error

from .errors import PaymentError
from .models import Method

LABELS = {Method.CARD: _("Card"), Method.IDEAL: _("iDEAL"), Method.PAYPAL: _("PayPal"),
          Method.COD: _("Cash on delivery")}  # fmt: skip


def offered_methods(tenant: Any, country: str = "") -> list[str]:
    """Europe: card, iDEAL (Dutch addresses only), PayPal, COD if enabled; MENA: card, PayPal, COD."""
    methods = [Method.CARD.value]
    if tenant.type == "EU" and country.upper() == "NL":
        methods.append(Method.IDEAL.value)
    methods.append(Method.PAYPAL.value)
    if tenant.feature("cash_on_delivery"):
        methods.append(Method.COD.value)
    return methods


def check_method(tenant: Any, method: str, country: str) -> None:
    if method not in offered_methods(tenant, country):
        raise ApplicationError(
            PaymentError.METHOD_NOT_OFFERED,
            "This payment method is not offered for this order.",
            fields=field_error("payment_method", PaymentError.METHOD_NOT_OFFERED,
                               "Choose one of the offered payment methods."),
        )  # fmt: skip
