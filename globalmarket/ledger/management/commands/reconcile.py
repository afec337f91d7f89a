"""`manage.py reconcile [--tenant eu]`: compare the ledger with orders, payments and payouts."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globalmarket.ledger.reconciliation import reconcile
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants, tenant_by_slug


class Command(BaseCommand):
    help = "Reconcile each region's ledger; exit status 1 when anything differs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="Region slug (default: every active region)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tenant"]:
            tenant = tenant_by_slug(options["tenant"])
            if tenant is None:
                raise CommandError(f"No region {options['tenant']!r}.")
            tenants = [tenant]
        else:
            tenants = active_tenants()
        differences = 0
        for tenant in tenants:
            with use_tenant(tenant):
                problems = reconcile()
            differences += len(problems)
            for problem in problems:
                self.stdout.write(f"[{tenant.slug}] {problem}")
            status = "OK" if not problems else f"{len(problems)} difference(s)"
            self.stdout.write(f"[{tenant.slug}] {status}")
        if differences:
            sys.exit(1)
