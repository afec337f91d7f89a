"""Validation of catalog input shared by the API, the imports and the demo data.

Each check raises `ApplicationError(invalid, fields=...)` with a field code, so bad input is
a 400 that says which field and why, before anything is written.
"""

from decimal import Decimal
from enum import StrEnum
from typing import Any

import nh3

from globalmarket.core import money
from globalmarket.core.errors import ApplicationError, CoreError, FieldErrors, field_error
from globalmarket.tenancy.models import Tenant

from .errors import CatalogError

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def invalid(field: str, code: StrEnum | str, message: str) -> ApplicationError:
    return invalid_fields(field_error(field, code, message))


def invalid_fields(fields: FieldErrors) -> ApplicationError:
    return ApplicationError(CoreError.INVALID, "The request has invalid fields.", fields=fields)


def sanitize_html(html: str) -> str:
    """Basic formatting only: scripts, styles, event handlers and other tags are removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )


def translations(
    value: Any,
    *,
    field: str,
    tenant: Tenant,
    required: bool = False,
    max_length: int = 10_000,
    html: bool = False,
) -> dict[str, str]:
    """A {language: text} dict in the tenant's languages; the default language if required."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise invalid(field, "invalid", "Give an object of {language: text}.")
    out: dict[str, str] = {}
    for language, text in value.items():
        if language not in tenant.languages:
            raise invalid(
                f"{field}.{language}",
                CatalogError.UNKNOWN_LANGUAGE,
                f"Unknown language; this region uses {', '.join(tenant.languages)}.",
            )
        if text is None:
            continue
        if not isinstance(text, str):
            raise invalid(f"{field}.{language}", "invalid", "Must be text.")
        text = text.strip()
        if len(text) > max_length:
            raise invalid(f"{field}.{language}", "max_length", f"At most {max_length} characters.")
        if html:
            text = sanitize_html(text).strip()
        if text:
            out[language] = text
    if required and not out.get(tenant.default_language):
        raise invalid(
            f"{field}.{tenant.default_language}",
            CatalogError.REQUIRED,
            f"Required in the region's default language ({tenant.default_language}).",
        )
    return out


def amount(value: Any, *, field: str, currency: str, allow_negative: bool = False) -> Decimal:
    """A decimal string or integer (never a float), quantized to the currency."""
    if isinstance(value, float):
        raise invalid(
            field,
            CatalogError.FLOAT_NOT_ALLOWED,
            'Give amounts as decimal strings ("19.99"), not floating-point numbers.',
        )
    if value is None or value == "":
        raise invalid(field, CatalogError.REQUIRED, "This field is required.")
    try:
        parsed = money.parse_amount(value, currency)
    except ValueError as exc:
        raise invalid(field, CatalogError.INVALID_AMOUNT, str(exc)) from exc
    if parsed < 0 and not allow_negative:
        raise invalid(field, CatalogError.NEGATIVE_AMOUNT, "Must not be negative.")
    return parsed


def countries(value: Any, *, field: str, tenant: Tenant) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise invalid(field, "invalid", "Give a list of country codes.")
    out = []
    for code in value:
        code = code.strip().upper()
        if code not in tenant.countries:
            raise invalid(
                field,
                CatalogError.UNKNOWN_COUNTRY,
                f"{code!r} is not a country of this region ({', '.join(tenant.countries)}).",
            )
        if code not in out:
            out.append(code)
    return out


def shipping_info(value: Any, *, field: str, tenant: Tenant) -> dict[str, dict[str, Any]]:
    """{"NL": {"shipping_cost": "0.00", "delivery_days_min": 1, "delivery_days_max": 2}}."""
    if not isinstance(value, dict):
        raise invalid(field, "invalid", "Give an object of {country: shipping}.")
    out: dict[str, dict[str, Any]] = {}
    for code, entry in value.items():
        upper = str(code).upper()
        if upper not in tenant.countries:
            raise invalid(
                f"{field}.{code}", CatalogError.UNKNOWN_COUNTRY, "Not a country of this region."
            )
        if not isinstance(entry, dict):
            raise invalid(f"{field}.{code}", "invalid", "Give an object.")
        cost = amount(
            entry.get("shipping_cost", "0"),
            field=f"{field}.{code}.shipping_cost",
            currency=tenant.default_currency,
        )
        days = []
        for key in ("delivery_days_min", "delivery_days_max"):
            raw = entry.get(key)
            if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 365:
                raise invalid(f"{field}.{code}.{key}", "invalid", "A whole number of days, 0-365.")
            days.append(raw)
        if days[0] > days[1]:
            raise invalid(f"{field}.{code}.delivery_days_max", "invalid", "Must be ≥ the minimum.")
        out[upper] = {
            "shipping_cost": str(cost),
            "delivery_days_min": days[0],
            "delivery_days_max": days[1],
        }
    return out


def whole_number(value: Any, *, field: str, minimum: int = 0, maximum: int = 10_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid(field, "invalid", "A whole number.")
    try:
        number = int(value)
    except ValueError as exc:
        raise invalid(field, "invalid", "A whole number.") from exc
    if number < minimum:
        code = CatalogError.NEGATIVE_STOCK if minimum == 0 else "min_value"
        raise invalid(field, code, f"Must be at least {minimum}.")
    if number > maximum:
        raise invalid(field, "max_value", f"Must be at most {maximum}.")
    return number
