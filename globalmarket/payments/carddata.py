"""Refuse anything that looks like a card number: card data is entered at the provider only."""

import re
from typing import Any

from globalmarket.core.errors import ApplicationError

from .errors import PaymentError

_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def looks_like_card_number(value: str) -> bool:
    for match in _CANDIDATE.finditer(value):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            return True
    return False


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, int) and not isinstance(data, bool):
        return [str(data)]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in (*_strings(str(key)), *_strings(value))]
    if isinstance(data, list | tuple):
        return [s for item in data for s in _strings(item)]
    return []


def refuse_card_data(data: Any) -> None:
    """Raise a 400 (without echoing the value) if any field carries a card number."""
    if any(looks_like_card_number(s) for s in _strings(data)):
        raise ApplicationError(
            PaymentError.CARD_DATA_REFUSED,
            "Card numbers are never sent to GlobalMarket: enter them on the payment provider's page.",
        )
