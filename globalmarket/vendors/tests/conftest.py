from typing import Any

import pytest

from globalmarket.accounts.roles import StaffRole, VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import crypto
from globalmarket.vendors.models import Vendor

from .factories import VendorFactory, VendorMemberFactory

RAW_IBAN = "NL67INGB0006543210"
SPACED_IBAN = "NL67 INGB 0006 5432 10"


def application(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "AudioTech B.V.",
        "legal_form": "B.V.",
        "vat_number": "NL820646660B01",
        "country": "NL",
        "address": {"street": "Herengracht 182", "city": "Amsterdam", "postal_code": "1016 BR"},
        "contact_email": "Sales@AudioTech.test",
        "contact_phone": "+31 20 123 4567",
        "description": {"en": "Headphones.", "nl": "Koptelefoons."},
        "payout": {"iban": SPACED_IBAN, "bic": "INGBNL2A", "account_holder": "AudioTech B.V."},
    }
    body.update(overrides)
    return body


def make_vendor(tenant: Any, owner: Any = None, *, iban: str = RAW_IBAN, **fields: Any) -> Vendor:
    """A vendor with an encrypted IBAN, optionally owned by `owner`."""
    with use_tenant(tenant):
        vendor = VendorFactory(
            iban_encrypted=crypto.encrypt(iban), iban_hash=crypto.lookup_hash(iban),
            iban_last4=iban[-4:], iban_country=iban[:2], account_holder="Holder", **fields,
        )  # fmt: skip
        if owner is not None:
            VendorMemberFactory(vendor=vendor, user=owner, role=VendorRole.OWNER)
    return vendor


def add_member(tenant: Any, vendor: Vendor, user: Any, role: str) -> Any:
    with use_tenant(tenant):
        return VendorMemberFactory(vendor=vendor, user=user, role=role)


@pytest.fixture
def staff(eu: Any, make_user: Any) -> Any:
    return make_user(eu, email="reviewer@example.test", staff_role=StaffRole.ADMIN)


@pytest.fixture
def owner(eu: Any, make_user: Any) -> Any:
    return make_user(eu, email="owner@example.test", preferred_language="nl")
