from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "globalmarket.ledger"
    label = "ledger"
