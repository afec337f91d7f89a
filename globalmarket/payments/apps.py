from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "globalmarket.payments"
    label = "payments"
