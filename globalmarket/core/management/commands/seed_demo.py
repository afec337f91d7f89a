from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.demo import ensure_demo_tenants


class Command(BaseCommand):
    help = "Create the demo regions and their demo data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = ensure_demo_tenants()
        seeders = [import_string(path) for path in settings.DEMO_SEEDERS]
        for tenant in tenants:
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{tenant.name} ({tenant.database_alias})")
            )
            with use_tenant(tenant):
                for seeder in seeders:
                    seeder(tenant, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
