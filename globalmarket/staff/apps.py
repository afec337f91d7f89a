from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "globalmarket.staff"
    label = "staff"
