"""Staff API: filter the audit log and export it as CSV (Perm.AUDIT_VIEW)."""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.schema import component_names
from globalmarket.tenancy.context import require_tenant, use_tenant

from .models import AuditLog
from .selectors import audit_logs

CSV_COLUMNS = ["id", "created_at", "actor_id", "actor_email", "actor_role", "ip_address",
               "user_agent", "action", "resource_type", "resource_id", "old_values", "new_values",
               "request_id"]  # fmt: skip


class AuditLogOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = CSV_COLUMNS


class AuditFilter(serializers.Serializer):
    actor = serializers.CharField(required=False, max_length=254, help_text="Email or user id")
    action = serializers.CharField(required=False, max_length=100)
    resource_type = serializers.CharField(required=False, max_length=50)
    resource_id = serializers.CharField(required=False, max_length=64)
    since = serializers.DateTimeField(required=False, help_text="Inclusive, ISO 8601")
    until = serializers.DateTimeField(required=False, help_text="Exclusive, ISO 8601")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["since"] >= attrs["until"]:
            raise serializers.ValidationError({"until": ["Must be after since."]}, code="invalid")
        return attrs


def _filtered(request: Request) -> Any:
    params = AuditFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    return audit_logs(**params.validated_data)


class AuditLogListApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.AUDIT_VIEW)]
    serializer_class = AuditLogOutput

    @extend_schema(parameters=[AuditFilter], responses=AuditLogOutput(many=True), tags=["staff"])
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_filtered(request))
        return self.get_paginated_response(AuditLogOutput(page, many=True).data)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(log: AuditLog, column: str) -> Any:
    value = getattr(log, column)
    if column in ("old_values", "new_values"):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if column == "created_at":
        return value.isoformat()
    return "" if value is None else value


def _csv_rows(logs: Any) -> Iterator[str]:
    """Stream rows; the body is read after the middleware has left the tenant, so keep it."""
    tenant = require_tenant()

    def rows() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_COLUMNS)
        with use_tenant(tenant):
            for log in logs.iterator(chunk_size=2000):
                yield writer.writerow([_cell(log, column) for column in CSV_COLUMNS])

    return rows()


class AuditLogExportApi(GenericAPIView):
    permission_classes = [StaffPermission.of(Perm.AUDIT_VIEW)]

    @extend_schema(parameters=[AuditFilter], responses={(200, "text/csv"): OpenApiResponse(
        description="CSV of the matching entries")}, tags=["staff"])  # fmt: skip
    def get(self, request: Request) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            _csv_rows(_filtered(request)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response


component_names(AuditLogListApi, AuditLogExportApi)
