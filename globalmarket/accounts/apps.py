from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "globalmarket.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers OpenAPI extensions)
