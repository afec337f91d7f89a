from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from globalmarket.core import formats
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "€\xa01.234,50"),
        ("de", "1.234,50\xa0€"),
        ("fr", "1\u202f234,50\xa0€"),
        ("en", "€1,234.50"),
    ],
)
def test_money_in_europe_follows_the_language(eu: Any, language: str, expected: str) -> None:
    with use_tenant(eu), translation.override(language):
        assert formats.money(Decimal("1234.5"), "EUR") == expected


def test_money_in_mena_uses_the_region_locale(mena: Any) -> None:
    with use_tenant(mena), translation.override("en"):
        assert formats.babel_locale() == "en_AE"
        assert formats.money(Decimal("99"), "AED") == "AED99.00"
    with use_tenant(mena), translation.override("ar"):
        assert formats.babel_locale() == "ar_AE"
        assert "99.00" in formats.money(Decimal("99"), "AED")


def test_kuwaiti_dinar_has_three_decimals(eu: Any) -> None:
    with use_tenant(eu), translation.override("en"):
        assert formats.money(Decimal("1.2345"), "KWD") == "KWD1.235"


def test_dates_are_shown_in_the_region_timezone(eu: Any, mena: Any) -> None:
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    with use_tenant(eu), translation.override("nl"):
        assert formats.local_date(moment) == "2 mrt 2026"  # 00:30 in Amsterdam
        assert formats.local_datetime(moment, "short") == "02-03-2026, 00:30"
    with use_tenant(mena), translation.override("en"):
        assert formats.local_datetime(moment, "short").endswith("3:30\u202fAM")
