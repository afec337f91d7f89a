"""manage.py import_product_json --tenant eu --vendor audiotech product.json"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.context import use_tenant

from ...imports import seed_json
from ._common import add_common, describe, tenant_arg, vendor_arg


class Command(BaseCommand):
    help = "Import products in the seed's product document format (JSON; // comments allowed)."

    def add_arguments(self, parser: Any) -> None:
        add_common(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = tenant_arg(options["tenant"])
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with use_tenant(tenant):
            vendor = vendor_arg(options["vendor"])
            try:
                result = seed_json.import_documents(
                    vendor=vendor, documents=seed_json.parse(content)
                )
            except ApplicationError as exc:
                raise CommandError(describe(exc)) from exc
        for warning in result["warnings"]:
            self.stderr.write(f"warning: {warning}")
        for product in result["created"]:
            self.stdout.write(f"created {product['slug']} ({product['status']})")
