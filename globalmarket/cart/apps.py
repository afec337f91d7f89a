from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "globalmarket.cart"
    label = "cart"
