from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "globalmarket.audit"
    label = "audit"
