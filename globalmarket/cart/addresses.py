"""Address validation per country: required fields, postal code formats, E.164 phones.

Used for saved addresses and for addresses typed in at checkout, so both obey one rule.
"""

import re
from typing import Any

import phonenumbers

from globalmarket.core.errors import ApplicationError, FieldErrors
from globalmarket.tenancy.context import require_tenant

from .errors import CartError

# The fields of an address, everywhere one is stored, typed in or copied onto an order.
FIELDS = ("full_name", "company", "street", "house_number", "street2", "city",
          "postal_code", "state", "country", "phone")  # fmt: skip

# Postal code pattern (after upper-casing and trimming) and fields each country requires.
POSTAL_CODES: dict[str, tuple[str, str]] = {
    "NL": (r"^[1-9][0-9]{3} ?[A-Z]{2}$", "1012 AB"),
    "DE": (r"^[0-9]{5}$", "10115"),
    "BE": (r"^[1-9][0-9]{3}$", "1000"),
    "FR": (r"^[0-9]{5}$", "75001"),
    "SA": (r"^[0-9]{5}(-[0-9]{4})?$", "12345 or 12345-6789"),
    "EG": (r"^[0-9]{5}$", "11511"),
}
BASE_REQUIRED = ("full_name", "street", "city", "country", "phone")
REQUIRED: dict[str, tuple[str, ...]] = {
    "NL": ("postal_code", "house_number"),
    "DE": ("postal_code", "house_number"),
    "BE": ("postal_code", "house_number"),
    "FR": ("postal_code",),
    "AE": ("state",),  # the emirate; the UAE has no postal codes
    "SA": ("postal_code",),
    "EG": ("postal_code", "state"),  # governorate
}
EMIRATES = {
    "abu dhabi", "dubai", "sharjah", "ajman", "umm al quwain", "ras al khaimah", "fujairah",
}  # fmt: skip


def _err(errors: FieldErrors, prefix: str, field: str, code: str, message: str) -> None:
    errors.setdefault(f"{prefix}{field}", []).append({"code": code, "message": message})


def address_values(address: Any) -> dict[str, str]:
    """A saved address's fields as a dict (what `clean_address` takes)."""
    return {name: getattr(address, name) for name in FIELDS}


def clean_address(data: dict[str, Any], *, prefix: str = "") -> dict[str, str]:
    """Validate and normalise an address dict; raise a 400 with field codes when invalid."""
    address = {name: str(data.get(name) or "").strip() for name in FIELDS}
    errors: FieldErrors = {}
    country = address["country"] = address["country"].upper()
    tenant = require_tenant()
    if country and country not in tenant.countries:
        _err(errors, prefix, "country", CartError.COUNTRY_NOT_SERVED,
             f"{tenant.name} delivers to {', '.join(tenant.countries)} only.")  # fmt: skip
    for name in (*BASE_REQUIRED, *REQUIRED.get(country, ())):
        if not address[name]:
            _err(errors, prefix, name, CartError.REQUIRED, "This field is required.")
    for name in FIELDS:
        if len(address[name]) > 200:
            _err(errors, prefix, name, "max_length", "At most 200 characters.")
    postal = address["postal_code"].upper()
    if postal and country in POSTAL_CODES:
        pattern, example = POSTAL_CODES[country]
        if not re.match(pattern, postal):
            _err(errors, prefix, "postal_code", CartError.INVALID_POSTAL_CODE,
                 f"Not a valid postal code for {country} (e.g. {example}).")  # fmt: skip
        elif country == "NL" and " " not in postal:
            postal = f"{postal[:4]} {postal[4:]}"
    address["postal_code"] = postal
    if country == "AE" and address["state"] and address["state"].lower() not in EMIRATES:
        _err(errors, prefix, "state", CartError.INVALID_REGION, "Name one of the seven emirates.")
    if address["phone"]:
        try:
            parsed = phonenumbers.parse(address["phone"], country or None)
            valid = phonenumbers.is_valid_number(parsed)
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            address["phone"] = phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.E164
            )
        else:
            _err(errors, prefix, "phone", CartError.INVALID_PHONE,
                 "Enter a valid phone number, e.g. +31612345678.")  # fmt: skip
    if errors:
        raise ApplicationError(
            CartError.INVALID_ADDRESS, "The address is not valid.", fields=errors
        )
    return address
