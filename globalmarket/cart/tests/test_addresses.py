"""Saved addresses: per-country rules (postal codes, required fields), E.164 phones, ownership."""

from typing import Any

import pytest

from globalmarket.cart.models import Address
from globalmarket.orders.tests.factories import AE_ADDRESS, NL_ADDRESS
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/addresses/"
BASE = {"full_name": "A B", "street": "Main", "house_number": "1", "city": "C"}

VALID = [
    ("eu", {**NL_ADDRESS, "postal_code": "1012lg", "phone": "06 12345678"}, "1012 LG", "+31612345678"),
    ("eu", {**BASE, "country": "DE", "postal_code": "10115", "phone": "+49 30 1234567"}, "10115", "+49301234567"),
    ("eu", {**BASE, "country": "BE", "postal_code": "1000", "phone": "+32 470 12 34 56"}, "1000", "+32470123456"),
    ("eu", {**BASE, "country": "FR", "postal_code": "75001", "phone": "+33 1 23 45 67 89"}, "75001", "+33123456789"),
    ("mena", AE_ADDRESS, "", "+971501234567"),
    ("mena", {**BASE, "country": "SA", "postal_code": "12345-6789", "phone": "+966 50 123 4567"}, "12345-6789",
     "+966501234567"),
    ("mena", {**BASE, "country": "EG", "state": "Cairo", "postal_code": "11511", "phone": "+20 10 12345678"},
     "11511", "+201012345678"),
]  # fmt: skip

INVALID = [
    ("eu", {**NL_ADDRESS, "postal_code": "0123 AB"}, "postal_code", "invalid_postal_code"),
    ("eu", {**NL_ADDRESS, "house_number": ""}, "house_number", "required"),
    ("eu", {**BASE, "country": "DE", "postal_code": "1011", "phone": "+49301234567"}, "postal_code", "invalid_postal_code"),
    ("eu", {**BASE, "country": "BE", "postal_code": "", "phone": "+32470123456"}, "postal_code", "required"),
    ("eu", {**BASE, "country": "FR", "postal_code": "7500", "phone": "+33123456789"}, "postal_code", "invalid_postal_code"),
    ("eu", {**NL_ADDRESS, "phone": "12"}, "phone", "invalid_phone"),
    ("eu", {**NL_ADDRESS, "phone": ""}, "phone", "required"),
    ("eu", {**NL_ADDRESS, "country": "AE"}, "country", "country_not_served"),
    ("mena", {**AE_ADDRESS, "state": "Atlantis"}, "state", "invalid_region"),
    ("mena", {**BASE, "country": "SA", "postal_code": "1234", "phone": "+966501234567"}, "postal_code", "invalid_postal_code"),
    ("mena", {**BASE, "country": "EG", "postal_code": "11511", "phone": "+201012345678"}, "state", "required"),
]  # fmt: skip


@pytest.mark.parametrize(("region", "data", "postal", "phone"), VALID)
def test_valid_addresses_are_normalised(
    tenants, make_user, api_for, region, data, postal, phone
) -> None:
    tenant = tenants[region]
    response = api_for(tenant, make_user(tenant)).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["postal_code"], response.json()["phone"], response.json()["is_default"]) == (
        postal, phone, True)  # fmt: skip


@pytest.mark.parametrize(("region", "data", "field", "code"), INVALID)
def test_invalid_addresses_are_400_with_field_codes(
    tenants, make_user, api_for, region, data, field, code
) -> None:
    tenant = tenants[region]
    response = api_for(tenant, make_user(tenant)).post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field][0]["code"] == code
    with use_tenant(tenant):
        assert Address.objects.count() == 0


def test_addresses_are_private_and_editable(eu, make_user, api_for) -> None:
    owner, other = make_user(eu), make_user(eu)
    client = api_for(eu, owner)
    address_id = client.post(URL, NL_ADDRESS, format="json").json()["id"]
    assert api_for(eu, other).get(f"{URL}{address_id}/").status_code == 404
    assert api_for(eu, other).delete(f"{URL}{address_id}/").status_code == 404
    assert api_for(eu, other).get(URL).json() == []
    patched = client.patch(
        f"{URL}{address_id}/", {"city": "Utrecht", "postal_code": "3511AA"}, format="json"
    )
    assert (patched.json()["city"], patched.json()["postal_code"]) == ("Utrecht", "3511 AA")
    assert (
        client.patch(f"{URL}{address_id}/", {"postal_code": "x"}, format="json").status_code == 400
    )
    assert client.delete(f"{URL}{address_id}/").status_code == 204
    assert api_for(eu).get(URL).status_code == 401


def _checkout_with_saved(eu: Any, make_user: Any, api_for: Any) -> Any:
    from globalmarket.orders.tests.factories import fill_cart, make_variant

    shopper = make_user(eu)
    client = api_for(eu, shopper)
    address_id = client.post(URL, NL_ADDRESS, format="json").json()["id"]
    with use_tenant(eu):
        fill_cart(shopper, (make_variant(), 1))
    return client.post("/api/v1/checkout/", {"shipping_address": address_id, "payment_method": "cod"},
                       format="json")  # fmt: skip


def test_checkout_with_saved_address(eu, make_user, api_for) -> None:
    response = _checkout_with_saved(eu, make_user, api_for)
    assert response.status_code == 201, response.json()
