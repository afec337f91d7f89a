"""Vendor imports: the seed's product document (JSON) and Shopify's product CSV export."""

from typing import Any

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from globalmarket.core.schema import component_names

from .. import selectors
from ..imports import seed_json, shopify_csv
from ..inputs import invalid
from .vendor import VendorApi, acting_vendor

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class RawJSONParser(BaseParser):
    """Keep the body as bytes: the importer parses numbers as Decimal, never float."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return stream.read(MAX_IMPORT_BYTES + 1) if stream is not None else b""


class ImportResultOut(serializers.Serializer):
    created = serializers.ListField(child=serializers.DictField())
    skipped = serializers.ListField(child=serializers.DictField(), required=False)
    warnings = serializers.ListField(child=serializers.JSONField())


class VendorImportSeedJsonApi(VendorApi):
    parser_classes = [RawJSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: ImportResultOut})
    def post(self, request: Request) -> Response:
        vendor = acting_vendor(request)
        body = request.data
        if not isinstance(body, bytes) or len(body) > MAX_IMPORT_BYTES:
            raise invalid("document", "too_large", "At most 20 MB.")
        documents = seed_json.parse(body)
        result = seed_json.import_documents(vendor=vendor, documents=documents, actor=request.user)
        return Response(result, status=status.HTTP_201_CREATED)


class VendorImportShopifyCsvApi(VendorApi):
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()
        valid_only = serializers.BooleanField(required=False, default=False)
        category = serializers.SlugField(
            required=False, help_text="For rows whose Type matches no category"
        )

    @extend_schema(request={"multipart/form-data": Input}, responses={201: ImportResultOut})
    def post(self, request: Request) -> Response:
        vendor = acting_vendor(request)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise invalid("file", "too_large", "At most 20 MB.")
        default_category = (
            selectors.category_by_slug(values["category"], active_only=False)
            if values.get("category")
            else None
        )
        result = shopify_csv.import_csv(
            vendor=vendor,
            content=upload.read(),
            valid_only=values["valid_only"],
            actor=request.user,
            default_category=default_category,
        )
        return Response(result, status=status.HTTP_201_CREATED)


component_names(VendorImportShopifyCsvApi)
