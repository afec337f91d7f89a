from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "globalmarket.catalog"
    label = "catalog"
