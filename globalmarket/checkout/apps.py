from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "globalmarket.checkout"
    label = "checkout"
