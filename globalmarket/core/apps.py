from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "globalmarket.core"
    label = "core"
    verbose_name = "Core"
