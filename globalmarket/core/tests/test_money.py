from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from globalmarket.core.money import (
    Money,
    exponent,
    from_minor_units,
    parse_amount,
    quantize,
    to_minor_units,
    vat_from_gross,
    vat_from_net,
)  # fmt: skip


def test_currency_exponents():
    assert (exponent("EUR"), exponent("KWD"), exponent("JPY"), exponent("AED")) == (2, 3, 0, 2)


def test_seed_vat_example_rounds_half_up_per_line():
    assert vat_from_net(Decimal("299.99"), Decimal("0.21"), "EUR") == Decimal("63.00")
    assert quantize(Decimal("0.125"), "EUR") == Decimal("0.13")
    assert quantize(Decimal("1.0005"), "KWD") == Decimal("1.001")
    assert quantize(Decimal("99.5"), "JPY") == Decimal("100")


def test_vat_inside_gross_price():
    assert vat_from_gross(Decimal("121.00"), Decimal("0.21"), "EUR") == Decimal("21.00")


def test_minor_units_round_trip():
    assert to_minor_units(Decimal("299.99"), "EUR") == 29999
    assert to_minor_units(Decimal("1.234"), "KWD") == 1234
    assert from_minor_units(500, "JPY") == Decimal("500")


@pytest.mark.parametrize("value", [1.5, "abc", "NaN", "Infinity", "1e12", "1.234", True])
def test_parse_amount_refuses_floats_garbage_and_extra_precision(value):
    with pytest.raises(ValueError):
        parse_amount(value, "EUR")


def test_money_refuses_floats_and_mixed_currencies():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(Decimal(1), "EUR") + Money(Decimal(1), "AED")


def test_locale_formatting():
    amount = Money(Decimal("1234.5"), "EUR")
    assert amount.format("nl_NL") == "€\xa01.234,50"
    assert amount.format("de_DE") == "1.234,50\xa0€"
    assert amount.format("en_IE") == "€1,234.50"


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["EUR", "KWD", "JPY"]))
def test_minor_units_are_exact(minor, currency):
    assert to_minor_units(from_minor_units(minor, currency), currency) == minor
