"""VAT rates by destination country and tax class, and the per-line rounding rule.

Rule (docs/checkout.md, ADR 0250): VAT is computed on each order line's amount after its
share of the discount, and rounded half-up to the currency's exponent once per line. On a
tenant whose prices exclude VAT, VAT = round_half_up(net x rate); on a tenant whose prices
include VAT, VAT = round_half_up(gross - gross / (1 + rate)). Order tax = sum of line VAT.
"""

from decimal import Decimal

from globalmarket.core.money import vat_from_gross, vat_from_net
from globalmarket.tenancy.rows import RowReader

# Defaults when a tenant has no TaxRate row for the country and class.
DEFAULT_RATES: dict[str, dict[str, Decimal]] = {
    "NL": {"standard": Decimal("0.21"), "reduced": Decimal("0.09")},
    "DE": {"standard": Decimal("0.19"), "reduced": Decimal("0.07")},
    "BE": {"standard": Decimal("0.21"), "reduced": Decimal("0.06")},
    "FR": {"standard": Decimal("0.20"), "reduced": Decimal("0.055")},
    "AE": {"standard": Decimal("0.05"), "reduced": Decimal("0.05")},
    "SA": {"standard": Decimal("0.15"), "reduced": Decimal("0.15")},
    "EG": {"standard": Decimal("0.14"), "reduced": Decimal("0.14")},
}


# Read on every checkout, so by a prebuilt SELECT (tenancy.rows); not cached, so a rate
# change applies to the next checkout in every process.
_RATES: RowReader = RowReader("checkout.TaxRate")


def rate_table() -> dict[tuple[str, str], Decimal]:
    """The current tenant's rates: defaults overridden by its TaxRate rows (one query)."""
    table = {
        (country, tax_class): rate
        for country, classes in DEFAULT_RATES.items()
        for tax_class, rate in classes.items()
    }
    for row in _RATES.rows("1 = 1", [], order_by="b.country, b.tax_class"):
        table[(row.country, row.tax_class)] = row.rate
    return table


def rate_for(table: dict[tuple[str, str], Decimal], country: str, tax_class: str) -> Decimal:
    if tax_class == "zero":
        return Decimal(0)
    rate = table.get((country, tax_class))
    if rate is None:
        rate = table.get((country, "standard"), Decimal(0))
    return rate


def line_vat(amount: Decimal, rate: Decimal, currency: str, *, includes_vat: bool) -> Decimal:
    """VAT of one line amount, rounded half-up once (the line is the rounding unit)."""
    if includes_vat:
        return vat_from_gross(amount, rate, currency)
    return vat_from_net(amount, rate, currency)
