"""Locale-aware display of money, numbers and dates with Babel (region currency and timezone).

The Babel locale is the active UI language in the region's flavour, e.g. nl -> nl_NL,
ar -> ar_AE, en -> en_IE in Europe and en_AE in MENA.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import timezone, translation

from globalmarket.core.money import quantize
from globalmarket.tenancy.context import current_tenant

# Region flavour of each UI language when the region's countries don't name one.
REGION_LOCALES: dict[str, dict[str, str]] = {
    "EU": {"en": "en_IE", "nl": "nl_NL", "de": "de_DE", "fr": "fr_FR"},
    "MENA": {"ar": "ar_AE", "en": "en_AE"},
}
DEFAULT_LOCALES = {"en": "en_US", "nl": "nl_NL", "de": "de_DE", "fr": "fr_FR", "ar": "ar_AE"}


@cache
def _known(identifier: str) -> bool:
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for `language` (default: the active one) in the current region."""
    language = (language or translation.get_language() or "en").split("-")[0]
    tenant = current_tenant()
    if tenant is not None:
        chosen = REGION_LOCALES.get(str(tenant.type), {}).get(language)
        if chosen:
            return chosen
        for country in tenant.countries:
            if _known(f"{language}_{country}"):
                return f"{language}_{country}"
    return DEFAULT_LOCALES.get(language, language if _known(language) else "en_US")


def region_currency() -> str:
    tenant = current_tenant()
    return tenant.default_currency if tenant is not None else "EUR"


def region_timezone() -> ZoneInfo:
    tenant = current_tenant()
    return ZoneInfo(tenant.timezone if tenant is not None else "UTC")


def money(amount: Decimal | int | str | None, currency: str | None = None) -> str:
    if amount is None or amount == "":
        return ""
    currency = (currency or region_currency()).upper()
    return format_currency(quantize(Decimal(amount), currency), currency, locale=babel_locale())


def number(value: Decimal | int | float | str | None) -> str:
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=babel_locale())


def percent(value: Decimal | int | str | None) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(value), locale=babel_locale())


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return format_datetime(value, format=fmt, tzinfo=region_timezone(), locale=babel_locale())


def local_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        value = value.astimezone(region_timezone()).date()
    return format_date(value, format=fmt, locale=babel_locale())
