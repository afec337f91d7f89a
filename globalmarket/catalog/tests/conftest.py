"""Catalog test helpers: a vendor team member with an API client, per region."""

from collections.abc import Callable
from typing import Any

import pytest

from globalmarket.accounts.roles import StaffRole, VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory, VendorMemberFactory

from .factories import CategoryFactory


@pytest.fixture
def vendor_client(make_user: Callable[..., Any], api_for: Callable[..., Any]) -> Callable[..., Any]:
    """vendor_client(tenant, slug=None) -> (client, vendor): an owner of a new approved vendor."""

    def make(tenant: Any, slug: str | None = None, role: str = VendorRole.OWNER) -> tuple[Any, Any]:
        user = make_user(tenant)
        with use_tenant(tenant):
            vendor = VendorFactory(**({"slug": slug} if slug else {}))
            VendorMemberFactory(vendor=vendor, user=user, role=role)
        return api_for(tenant, user), vendor

    return make


@pytest.fixture
def staff_client(make_user: Callable[..., Any], api_for: Callable[..., Any]) -> Callable[..., Any]:
    def make(tenant: Any, role: str = StaffRole.ADMIN) -> Any:
        return api_for(tenant, make_user(tenant, staff_role=role))

    return make


@pytest.fixture
def audio(eu: Any) -> Any:
    with use_tenant(eu):
        electronics = CategoryFactory(
            slug="electronics", name={"en": "Electronics", "nl": "Elektronica"}
        )
        return CategoryFactory(slug="electronics-audio", parent=electronics, name={"en": "Audio"})


def product_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "sku": "HDPH-1",
        "name": {"en": "Wireless Headphones", "nl": "Draadloze koptelefoon"},
        "description": {"en": "<p>Great <script>alert(1)</script>sound</p>"},
        "category": "electronics-audio",
        "price": "299.99",
        "compare_at_price": "399.99",
        "cost_price": "150.00",
        "available_in_countries": ["NL", "DE"],
        "shipping_info": {
            "DE": {"shipping_cost": "5.99", "delivery_days_min": 2, "delivery_days_max": 4}
        },
        "variants": [
            {
                "sku": "HDPH-1-BLK",
                "name": "Color",
                "value": "Black",
                "price_modifier": "0",
                "stock": 80,
            },
            {
                "sku": "HDPH-1-WHT",
                "name": "Color",
                "value": "White",
                "price_modifier": "10",
                "stock": 70,
            },
        ],
    }
    body.update(overrides)
    return body
