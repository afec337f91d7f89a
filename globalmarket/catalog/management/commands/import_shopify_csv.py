"""manage.py import_shopify_csv --tenant eu --vendor audiotech products_export.csv"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.context import use_tenant

from ...imports import shopify_csv
from ...models import Category
from ._common import add_common, describe, tenant_arg, vendor_arg


class Command(BaseCommand):
    help = "Import a Shopify product CSV export; nothing is imported from a file with errors."

    def add_arguments(self, parser: Any) -> None:
        add_common(parser)
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the products whose rows are valid; report the others",
        )
        parser.add_argument("--category", help="Category slug for rows whose Type matches none")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = tenant_arg(options["tenant"])
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with use_tenant(tenant):
            vendor = vendor_arg(options["vendor"])
            category = None
            if options.get("category"):
                category = Category.objects.filter(slug=options["category"]).first()
                if category is None:
                    raise CommandError(f"Unknown category {options['category']!r}.")

            def progress(groups: Any) -> Any:
                return tqdm(groups, desc="Importing", unit="product", file=self.stderr)

            try:
                result = shopify_csv.import_csv(
                    vendor=vendor,
                    content=content,
                    valid_only=options["valid_only"],
                    default_category=category,
                    progress=progress,
                )
            except ApplicationError as exc:
                raise CommandError(describe(exc)) from exc
        for error in result["skipped"]:
            self.stderr.write(
                f"skipped row {error['row']} {error['column']}: {error['code']}: {error['message']}"
            )
        for warning in result["warnings"]:
            self.stderr.write(
                f"warning row {warning['row']} {warning['column']}: {warning['message']}"
            )
        self.stdout.write(f"imported {len(result['created'])} product(s)")
