from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from globalmarket.catalog.selectors import public_products
from globalmarket.search.services import search_rebuild
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants, tenant_by_slug


class Command(BaseCommand):
    help = "Rebuild the product search index of one region (--tenant eu) or of all regions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tenant", help="Region slug, e.g. eu; default: every active region")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tenant"]:
            tenant = tenant_by_slug(options["tenant"])
            if tenant is None:
                raise CommandError(f"Unknown tenant {options['tenant']!r}")
            tenants = [tenant]
        else:
            tenants = active_tenants()
        for tenant in tenants:
            with use_tenant(tenant):
                total = public_products().count()
                with tqdm(total=total, desc=f"search index {tenant.slug}", unit="product",
                          disable=options["no_progress"], file=self.stderr) as bar:  # fmt: skip
                    done = search_rebuild(batch_size=options["batch_size"], progress=bar)
            self.stdout.write(self.style.SUCCESS(f"{tenant.slug}: indexed {done} products."))
