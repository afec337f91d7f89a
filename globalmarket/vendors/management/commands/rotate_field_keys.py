from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants
from globalmarket.vendors.services import payout_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt and re-hash vendor IBANs with the current FIELD_ENCRYPTION_KEY "
        "(the old key must be in FIELD_ENCRYPTION_KEYS_OLD). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        for tenant in active_tenants():
            with use_tenant(tenant):
                done = payout_reencrypt(batch_size=options["batch_size"])
            self.stdout.write(f"{tenant.slug}: {done} vendor(s) re-encrypted")
