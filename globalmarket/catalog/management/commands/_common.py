"""Shared helpers of the catalog import commands."""

from typing import Any

from django.core.management.base import CommandError

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.models import Tenant
from globalmarket.tenancy.selectors import tenant_by_slug
from globalmarket.vendors.models import Vendor


def tenant_arg(slug: str) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise CommandError(f"Unknown tenant {slug!r}.")
    return tenant


def vendor_arg(slug: str) -> Vendor:
    vendor = Vendor.objects.filter(slug=slug).first()
    if vendor is None:
        raise CommandError(f"Unknown vendor {slug!r} in this region.")
    return vendor


def describe(exc: ApplicationError) -> str:
    lines = [f"{exc.code}: {exc.message}"]
    for field, errors in exc.fields.items():
        for error in errors:
            lines.append(f"  {field}: {error['code']}: {error['message']}")
    return "\n".join(lines)


def add_common(parser: Any) -> None:
    parser.add_argument("--tenant", required=True, help="Region slug, e.g. eu")
    parser.add_argument("--vendor", required=True, help="Vendor slug, e.g. audiotech")
    parser.add_argument("file", help="Path of the file to import")
