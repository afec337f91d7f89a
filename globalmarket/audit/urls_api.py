from django.urls import path

from . import api

urlpatterns = [
    path("staff/audit-logs/", api.AuditLogListApi.as_view(), name="staff-audit-logs"),
    path(
        "staff/audit-logs/export/", api.AuditLogExportApi.as_view(), name="staff-audit-logs-export"
    ),
]
