"""Template filters shared by every page: `{% load gm %}`.

`{{ amount|money:currency }}`, `{{ n|number }}`, `{{ when|localdatetime }}`,
`{{ day|localdate }}`, `{{ product.name|tr }}`, `{{ rating|stars }}`.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template

from globalmarket.catalog.i18n import translated
from globalmarket.core import formats

register = template.Library()


@register.filter
def money(amount: Decimal | int | str | None, currency: str | None = None) -> str:
    return formats.money(amount, currency)


@register.filter
def number(value: Decimal | int | str | None) -> str:
    return formats.number(value)


@register.filter
def percent(value: Decimal | int | str | None) -> str:
    return formats.percent(value)


@register.filter
def localdatetime(value: datetime | None, fmt: str = "medium") -> str:
    return formats.local_datetime(value, fmt)


@register.filter
def localdate(value: date | datetime | None, fmt: str = "medium") -> str:
    return formats.local_date(value, fmt)


@register.filter
def tr(values: dict[str, str] | str | None, language: str | None = None) -> str:
    """The active language's text of a {language: text} field (plain text passes through)."""
    if isinstance(values, str):
        return values
    return translated(values, language)


@register.filter
def stars(rating: Decimal | float | int | None) -> str:
    """'★★★★☆' for 4.2 (the number itself is given as text next to it for screen readers)."""
    full = round(Decimal(str(rating or 0)))
    full = max(0, min(5, int(full)))
    return "★" * full + "☆" * (5 - full)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def safe_html(value: str | None) -> str:
    """Rich text (product descriptions) cleaned again at display, with the allowlist it was
    cleaned with on input: defence in depth."""
    from django.utils.safestring import mark_safe

    from globalmarket.catalog.inputs import sanitize_html

    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - cleaned just above


@register.filter
def status(code: str | None) -> str:
    """The translated label of a status or role code: {{ order.status|status }}."""
    from globalmarket.core.labels import status_label

    return status_label(code)


def _variant_text(variant: Any, key: str, fallback: str) -> str:
    names = {
        lang: (entry or {}).get(key, "") for lang, entry in (variant.translations or {}).items()
    }
    return translated({k: v for k, v in names.items() if v}) or fallback


@register.filter
def option_name(variant: Any) -> str:
    """A variant's option name ("Color") in the active language, from its translations."""
    return _variant_text(variant, "name", variant.option_name)


@register.filter
def option_value(variant: Any) -> str:
    """A variant's option value ("Black") in the active language, from its translations."""
    return _variant_text(variant, "value", variant.option_value)
