"""Ledger test helpers: put money on a vendor's balance through the real posting rules."""

from decimal import Decimal
from itertools import count

from globalmarket.ledger import posting

_ids = count(1)


def earn(vendor_id: int, gross: str, *, commission: str = "0.00", vat: str = "0.00",
         currency: str = "EUR", country: str = "NL") -> int:  # fmt: skip
    """A paid and delivered vendor order: the vendor earns gross - commission - vat."""
    n = next(_ids)
    posting.on_payment_captured(posting.PaymentCaptured(
        payment_id=f"t{n}", order_id=f"t{n}", amount=Decimal(gross), currency=currency,
        provider="stripe"))  # fmt: skip
    posting.on_vendor_order_delivered(posting.VendorOrderDelivered(
        vendor_order_id=f"t{n}", vendor_id=vendor_id, currency=currency, gross=Decimal(gross),
        vat=Decimal(vat), vat_country=country, commission=Decimal(commission)))  # fmt: skip
    return n
