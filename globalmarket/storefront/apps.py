from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "globalmarket.storefront"
    label = "storefront"
