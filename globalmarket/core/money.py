"""Money is a Decimal with a currency, quantized to the currency's exponent. Never float.

Rounding rule (documented in docs/money.md): every stored amount is rounded half-up
(ROUND_HALF_UP) to the currency's minor unit; VAT is computed and rounded per order line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.numbers import format_currency, get_currency_precision

# Largest amount the platform accepts on one line or order, per currency unit.
MAX_AMOUNT = Decimal("999999999.999")


@cache
def exponent(currency: str) -> int:
    """Digits after the decimal point: EUR 2, KWD 3, JPY 0."""
    return int(get_currency_precision(currency.upper()))


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-exponent(currency))


def quantize(amount: Decimal | int | str, currency: str) -> Decimal:
    return Decimal(amount).quantize(_quantum(currency), rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """299.99 EUR -> 29999 (what payment providers take)."""
    return int(quantize(amount, currency).scaleb(exponent(currency)))


def from_minor_units(value: int, currency: str) -> Decimal:
    return quantize(Decimal(value).scaleb(-exponent(currency)), currency)


def parse_amount(value: object, currency: str) -> Decimal:
    """Parse user input strictly: no floats, finite, not over MAX_AMOUNT, right precision."""
    if isinstance(value, float | bool):
        raise ValueError("Amounts must be given as decimal strings, not floating-point numbers.")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("Not a valid amount.") from exc
    if not amount.is_finite():
        raise ValueError("Not a valid amount.")
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("Amount is too large.")
    if amount != quantize(amount, currency):
        raise ValueError(f"{currency} amounts have at most {exponent(currency)} decimal places.")
    return quantize(amount, currency)


def vat_from_net(net: Decimal, rate: Decimal, currency: str) -> Decimal:
    """VAT on a net line amount, rounded half-up per line: 299.99 at 21% -> 63.00."""
    return quantize(net * rate, currency)


def vat_from_gross(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """VAT contained in a gross (VAT-inclusive) line amount, rounded half-up per line."""
    return quantize(gross - gross / (Decimal(1) + rate), currency)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("Money never holds a float.")
        object.__setattr__(self, "amount", quantize(self.amount, self.currency))
        object.__setattr__(self, "currency", self.currency.upper())

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"Cannot combine {self.currency} and {other.currency}.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @property
    def minor_units(self) -> int:
        return to_minor_units(self.amount, self.currency)

    def format(self, locale: str) -> str:
        """Locale-aware display, e.g. '€ 1.234,50' (nl), '1.234,50 €' (de), 'US$ 1,234.50' (en)."""
        return format_currency(self.amount, self.currency, locale=locale)
