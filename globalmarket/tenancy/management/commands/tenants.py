from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globalmarket.core.errors import ApplicationError
from globalmarket.tenancy.models import Tenant
from globalmarket.tenancy.services import tenant_create


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class Command(BaseCommand):
    help = "List regions, or create one: tenants create --slug asia --name ... --domain ..."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="List all regions")
        create = sub.add_parser("create", help="Create a region")
        create.add_argument("--slug", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--type", required=True, choices=[c for c, _ in Tenant.Type.choices])
        create.add_argument("--domain", required=True)
        create.add_argument("--aliases", default="", help="Comma-separated extra host names")
        create.add_argument("--database", required=True, help="Database alias, e.g. region_asia")
        create.add_argument("--currency", required=True)
        create.add_argument("--languages", required=True, help="Comma-separated, default first")
        create.add_argument("--countries", required=True, help="Comma-separated ISO codes")
        create.add_argument("--timezone", required=True)
        create.add_argument("--prices-exclude-vat", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for t in Tenant.objects.using("default").order_by("slug"):
                state = (
                    "maintenance"
                    if t.is_in_maintenance
                    else ("active" if t.is_active else "inactive")
                )
                self.stdout.write(
                    f"{t.slug:8} {t.name:28} {t.domain:20} {t.default_currency} "
                    f"{','.join(t.languages):12} {t.database_alias:14} {state}"
                )
            return
        languages = _csv(options["languages"])
        try:
            tenant = tenant_create(
                slug=options["slug"], name=options["name"], type=options["type"],
                domain=options["domain"], aliases=_csv(options["aliases"]),
                database_alias=options["database"], default_currency=options["currency"].upper(),
                languages=languages, default_language=languages[0] if languages else "",
                countries=[c.upper() for c in _csv(options["countries"])], timezone=options["timezone"],
                prices_include_vat=not options["prices_exclude_vat"],
            )  # fmt: skip
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created {tenant}. Run `manage.py migrate_all` next.")
        )
