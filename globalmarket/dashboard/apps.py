from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "globalmarket.dashboard"
    label = "dashboard"
