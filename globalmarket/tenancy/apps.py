from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "globalmarket.tenancy"
    label = "tenancy"
    verbose_name = "Regions"
