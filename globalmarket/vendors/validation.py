"""Checks of a vendor's business identifiers: VAT numbers per country, IBAN, BIC."""

import re
from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eg import tn as eg_tn
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from globalmarket.core.errors import ApplicationError, field_error

from .errors import VendorError

# Countries without postal codes (the address needs no postal_code there).
NO_POSTAL_CODE = {"AE"}


def _invalid_vat(message: str) -> ApplicationError:
    return ApplicationError(
        VendorError.INVALID_VAT_NUMBER, "The VAT number is not valid.",
        fields=field_error("vat_number", VendorError.INVALID_VAT_NUMBER, message),
    )  # fmt: skip


def _uae_trn(number: str) -> str:
    # UAE Tax Registration Number: 15 digits, issued starting with 100. python-stdnum has
    # no checksum for it (none is published), so only the shape is checked.
    if not re.fullmatch(r"100\d{12}", number):
        raise _invalid_vat("A UAE TRN has 15 digits and starts with 100.")
    return number


def _saudi_vat(number: str) -> str:
    # Saudi VAT number (ZATCA): 15 digits, first and last digit 3. No public checksum.
    if not re.fullmatch(r"3\d{13}3", number):
        raise _invalid_vat("A Saudi VAT number has 15 digits and starts and ends with 3.")
    return number


def _egypt_tn(number: str) -> str:
    try:
        return str(eg_tn.validate(number))
    except StdnumError:
        raise _invalid_vat("An Egyptian tax registration number has 9 digits.") from None


def validate_vat_number(country: str, number: str) -> str:
    """Return the number in its compact, canonical form for `country`, or raise a field error.

    EU countries: the full VIES format with the country prefix (e.g. NL004495445B01),
    checksum included (python-stdnum); the prefix is added when missing. Greece uses EL.
    """
    compact = re.sub(r"[\s.\-/]", "", number).upper()
    if not compact:
        raise _invalid_vat("Enter a VAT number.")
    if country == "AE":
        return _uae_trn(compact.removeprefix("AE"))
    if country == "SA":
        return _saudi_vat(compact.removeprefix("SA"))
    if country == "EG":
        return _egypt_tn(compact.removeprefix("EG"))
    prefix = "EL" if country == "GR" else country
    if country.lower() not in eu_vat.MEMBER_STATES:
        raise _invalid_vat(f"VAT numbers of {country} cannot be checked yet.")
    if not compact.startswith(prefix):
        compact = prefix + compact
    try:
        return str(eu_vat.validate(compact))
    except StdnumError:
        raise _invalid_vat(f"This is not a valid VAT number of {country}.") from None


@dataclass(frozen=True)
class CheckedIban:
    compact: str
    country: str
    last4: str


def validate_iban(value: str, *, field: str = "payout.iban") -> CheckedIban:
    """Check structure and the mod-97 checksum; the error never echoes the value."""
    try:
        iban = IBAN(value)
    except SchwiftyException:
        raise ApplicationError(
            VendorError.INVALID_IBAN, "The IBAN is not valid.",
            fields=field_error(field, VendorError.INVALID_IBAN,
                               "Check the IBAN: its length, country code or check digits are wrong."),
        ) from None  # fmt: skip
    compact = str(iban.compact)
    return CheckedIban(compact=compact, country=str(iban.country_code), last4=compact[-4:])


def validate_bic(value: str, *, field: str = "payout.bic") -> str:
    if not value:
        return ""
    try:
        return str(BIC(value).compact)
    except SchwiftyException:
        raise ApplicationError(
            VendorError.INVALID_BIC, "The BIC is not valid.",
            fields=field_error(field, VendorError.INVALID_BIC, "Enter an 8 or 11 character BIC."),
        ) from None  # fmt: skip
