"""Vendor catalog API: own products (drafts too), variants, images, stock, imports."""

import json
from typing import Any

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.roles import Perm
from globalmarket.core.pagination import PageNumberPagination
from globalmarket.core.schema import component_names
from globalmarket.vendors.access import vendor_for
from globalmarket.vendors.models import Vendor

from .. import access, selectors, services, services_images
from ..i18n import active_language
from ..inputs import invalid
from ..models import Product
from .output import BackOfficeProductOut, product_back_office_out


def acting_vendor(request: Request) -> Vendor:
    return vendor_for(
        request.user, Perm.VENDOR_CATALOG, vendor_slug=request.headers.get("X-Vendor")
    )


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise invalid("non_field_errors", "invalid", "Send a JSON object.")
    return dict(request.data)


def _out(product: Product) -> dict[str, Any]:
    return product_back_office_out(product, language=active_language())


def _reload(vendor: Vendor, product: Product) -> Product:
    return access.product_of_vendor(vendor=vendor, product_id=product.pk)


class VendorApi(APIView):
    permission_classes = [IsAuthenticated]


class VendorProductListApi(VendorApi):
    class Input(serializers.Serializer):
        status = serializers.ChoiceField(choices=Product.Status.choices, required=False)

    @extend_schema(parameters=[Input], responses=BackOfficeProductOut(many=True))
    def get(self, request: Request) -> Response:
        vendor = acting_vendor(request)
        params = self.Input(data=request.query_params)
        params.is_valid(raise_exception=True)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.vendor_products(vendor=vendor, status=params.validated_data.get("status")),
            request,
            view=self,
        )
        return paginator.get_paginated_response([_out(p) for p in page or []])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: BackOfficeProductOut})
    def post(self, request: Request) -> Response:
        vendor = acting_vendor(request)
        product = services.product_create(vendor=vendor, data=_body(request), actor=request.user)
        return Response(_out(_reload(vendor, product)), status=status.HTTP_201_CREATED)


class VendorProductDetailApi(VendorApi):
    @extend_schema(responses=BackOfficeProductOut)
    def get(self, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        return Response(_out(access.product_of_vendor(vendor=vendor, product_id=product_id)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=BackOfficeProductOut)
    def patch(self, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        product = access.product_of_vendor(vendor=vendor, product_id=product_id, for_update=True)
        services.product_update(product=product, data=_body(request), actor=request.user)
        return Response(_out(_reload(vendor, product)))

    @extend_schema(responses={204: None, 200: BackOfficeProductOut})
    def delete(self, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        product = access.product_of_vendor(vendor=vendor, product_id=product_id, for_update=True)
        kept = services.product_delete(product=product, actor=request.user)
        if kept is not None:  # it sold: archived instead
            return Response(_out(_reload(vendor, kept)))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _status_view(name: str, action: Any) -> type[VendorApi]:
    @extend_schema(request=None, responses=BackOfficeProductOut)
    def post(self: Any, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        product = access.product_of_vendor(vendor=vendor, product_id=product_id, for_update=True)
        action(product=product, actor=request.user)
        return Response(_out(_reload(vendor, product)))

    return type(name, (VendorApi,), {"post": post})


VendorProductPublishApi = _status_view("VendorProductPublishApi", services.product_publish)
VendorProductArchiveApi = _status_view("VendorProductArchiveApi", services.product_archive)
VendorProductUnpublishApi = _status_view("VendorProductUnpublishApi", services.product_unpublish)


class VendorVariantCreateApi(VendorApi):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: BackOfficeProductOut})
    def post(self, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        product = access.product_of_vendor(vendor=vendor, product_id=product_id, for_update=True)
        services.variant_create(product=product, data=_body(request), actor=request.user)
        return Response(_out(_reload(vendor, product)), status=status.HTTP_201_CREATED)


class VendorVariantDetailApi(VendorApi):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=BackOfficeProductOut)
    def patch(self, request: Request, product_id: int, variant_id: int) -> Response:
        vendor = acting_vendor(request)
        variant = access.variant_of_vendor(
            vendor=vendor, product_id=product_id, variant_id=variant_id
        )
        services.variant_update(variant=variant, data=_body(request), actor=request.user)
        return Response(_out(_reload(vendor, variant.product)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, product_id: int, variant_id: int) -> Response:
        vendor = acting_vendor(request)
        variant = access.variant_of_vendor(
            vendor=vendor, product_id=product_id, variant_id=variant_id
        )
        services.variant_delete(variant=variant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VendorVariantStockApi(VendorApi):
    """`{"stock": 12}` sets the stock (optionally `expected_stock` to compare-and-set); `{"delta": -2}` adjusts it."""

    class Input(serializers.Serializer):
        stock = serializers.IntegerField(required=False, min_value=0, max_value=10_000_000)
        expected_stock = serializers.IntegerField(required=False, min_value=0)
        delta = serializers.IntegerField(
            required=False, min_value=-10_000_000, max_value=10_000_000
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("stock" in attrs) == ("delta" in attrs):
                raise serializers.ValidationError("Give either stock or delta.", code="required")
            return attrs

    @extend_schema(request=Input, responses=BackOfficeProductOut)
    def post(self, request: Request, product_id: int, variant_id: int) -> Response:
        vendor = acting_vendor(request)
        variant = access.variant_of_vendor(
            vendor=vendor, product_id=product_id, variant_id=variant_id
        )
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "delta" in values:
            services.variant_stock_adjust(
                variant=variant, delta=values["delta"], actor=request.user
            )
        else:
            services.variant_stock_set(
                variant=variant,
                stock=values["stock"],
                expected=values.get("expected_stock"),
                actor=request.user,
            )
        return Response(_out(_reload(vendor, variant.product)))


def _alt(value: Any) -> Any:
    if isinstance(value, str) and value:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise invalid("alt", "invalid", 'Give alt text as JSON: {"en": "Front view"}.') from exc
    return value or None


class VendorImageCreateApi(VendorApi):
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        image = serializers.FileField()
        alt = serializers.CharField(required=False, help_text='JSON {"en": "Front view"}')
        position = serializers.IntegerField(required=False, min_value=0, max_value=1000)

    @extend_schema(request={"multipart/form-data": Input}, responses={201: BackOfficeProductOut})
    def post(self, request: Request, product_id: int) -> Response:
        vendor = acting_vendor(request)
        product = access.product_of_vendor(vendor=vendor, product_id=product_id, for_update=True)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services_images.image_add(
            product=product,
            file=values["image"],
            alt=_alt(values.get("alt")),
            position=values.get("position"),
            actor=request.user,
        )
        return Response(_out(_reload(vendor, product)), status=status.HTTP_201_CREATED)


class VendorImageDetailApi(VendorApi):
    parser_classes = [JSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses=BackOfficeProductOut)
    def patch(self, request: Request, product_id: int, image_id: int) -> Response:
        vendor = acting_vendor(request)
        image = access.image_of_vendor(vendor=vendor, product_id=product_id, image_id=image_id)
        body = _body(request)
        services_images.image_update(
            image=image, alt=body.get("alt"), position=body.get("position"), actor=request.user
        )
        return Response(_out(_reload(vendor, image.product)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, product_id: int, image_id: int) -> Response:
        vendor = acting_vendor(request)
        image = access.image_of_vendor(vendor=vendor, product_id=product_id, image_id=image_id)
        services_images.image_delete(image=image, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


component_names(VendorProductListApi, VendorVariantStockApi, VendorImageCreateApi)
