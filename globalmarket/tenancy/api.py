from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .context import require_tenant


class TenantOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField(source="default_currency")
    default_language = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(child=serializers.CharField())
    timezone = serializers.CharField()
    prices_include_vat = serializers.BooleanField()


class TenantApi(APIView):
    authentication_classes: list = []

    @extend_schema(responses={200: TenantOutput}, tags=["region"])
    def get(self, request: Request) -> Response:
        return Response(TenantOutput(require_tenant()).data)
