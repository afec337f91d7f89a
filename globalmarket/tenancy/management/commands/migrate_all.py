from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the control-plane database and every region database."

    def handle(self, *args: Any, **options: Any) -> None:
        aliases = list(settings.DATABASES)
        for index, alias in enumerate(aliases, start=1):
            self.stdout.write(f"[{index}/{len(aliases)}] migrating {alias} …")
            call_command("migrate", database=alias, interactive=False,
                         verbosity=max(0, options["verbosity"] - 1))  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"{len(aliases)} databases are up to date."))
