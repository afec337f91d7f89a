from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "globalmarket.orders"
    label = "orders"
