from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "globalmarket.vendors"
    label = "vendors"
