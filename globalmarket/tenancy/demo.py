"""The two demo regions. Their ids are derived from the domain, so re-seeding matches old data."""

import uuid
from typing import Any

from django.conf import settings

from .models import Tenant
from .services import tenant_create, tenant_update

DEMO_TENANTS: list[dict[str, Any]] = [
    {
        "slug": "eu",
        "name": "GlobalMarket Europe",
        "type": Tenant.Type.EUROPE,
        "domain": "globalmarket.eu",
        "aliases": ["eu.localhost", "www.globalmarket.eu"],
        "api_domain": "api.globalmarket.eu",
        "default_currency": "EUR",
        "default_language": "en",
        "languages": ["en", "nl", "de", "fr"],
        "timezone": "Europe/Amsterdam",
        "countries": ["NL", "DE", "BE", "FR"],
        "database_alias": "region_eu",
        "prices_include_vat": True,
        "features": {"cash_on_delivery": True, "product_moderation": False},
    },
    {
        "slug": "mena",
        "name": "GlobalMarket MENA",
        "type": Tenant.Type.MENA,
        "domain": "globalmarket.ae",
        "aliases": ["mena.localhost", "www.globalmarket.ae"],
        "api_domain": "api.globalmarket.ae",
        "default_currency": "AED",
        "default_language": "ar",
        "languages": ["ar", "en"],
        "timezone": "Asia/Dubai",
        "countries": ["AE", "SA", "EG"],
        "database_alias": "region_mena",
        "prices_include_vat": True,
        "features": {"cash_on_delivery": True, "product_moderation": False},
    },
]


def demo_tenant_id(domain: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_DNS, domain)


def ensure_demo_tenants() -> list[Tenant]:
    """Create or refresh the demo regions whose databases this deployment has."""
    tenants = []
    for spec in DEMO_TENANTS:
        if spec["database_alias"] not in settings.DATABASES:
            continue
        existing = Tenant.objects.using("default").filter(slug=spec["slug"]).first()
        if existing is None:
            tenants.append(tenant_create(id=demo_tenant_id(spec["domain"]), **spec))
        else:
            editable = {k: v for k, v in spec.items() if k not in {"slug", "database_alias"}}
            tenants.append(tenant_update(tenant=existing, **editable))
    return tenants
