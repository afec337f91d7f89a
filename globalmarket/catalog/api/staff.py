"""Staff catalog API: moderation queue, approve and reject; categories and brands."""

from typing import Any

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.pagination import PageNumberPagination
from globalmarket.core.schema import component_names

from .. import access, selectors, services
from ..i18n import active_language
from ..models import Product
from ..rows import category_row
from .output import BackOfficeProductOut, CategoryRefOut, category_ref, product_back_office_out


class StaffApi(APIView):
    permission_classes = [StaffPermission.of(Perm.PRODUCT_MODERATE)]


class StaffProductListApi(StaffApi):
    class Input(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=Product.Status.choices, required=False, default=Product.Status.PENDING_REVIEW
        )

    @extend_schema(parameters=[Input], responses=BackOfficeProductOut(many=True))
    def get(self, request: Request) -> Response:
        params = self.Input(data=request.query_params)
        params.is_valid(raise_exception=True)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.moderation_queue(status=params.validated_data["status"]), request, view=self
        )
        language = active_language()
        return paginator.get_paginated_response(
            [product_back_office_out(p, language=language) for p in page or []]
        )


class StaffProductDetailApi(StaffApi):
    @extend_schema(responses=BackOfficeProductOut)
    def get(self, request: Request, product_id: int) -> Response:
        product = access.product_for_staff(product_id=product_id)
        return Response(product_back_office_out(product, language=active_language()))


class StaffProductApproveApi(StaffApi):
    @extend_schema(request=None, responses=BackOfficeProductOut)
    def post(self, request: Request, product_id: int) -> Response:
        product = access.product_for_staff(product_id=product_id)
        # The service updates this instance; its related rows (vendor, variants…) are unchanged.
        services.product_approve(product=product, actor=request.user)
        return Response(product_back_office_out(product, language=active_language()))


class StaffProductRejectApi(StaffApi):
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=Input, responses=BackOfficeProductOut)
    def post(self, request: Request, product_id: int) -> Response:
        product = access.product_for_staff(product_id=product_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.product_reject(
            product=product, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(product_back_office_out(product, language=active_language()))


class StaffCategoryCreateApi(StaffApi):
    class Input(serializers.Serializer):
        slug = serializers.SlugField(max_length=120)
        name = serializers.JSONField()
        slugs = serializers.JSONField(required=False)
        description = serializers.JSONField(required=False)
        parent = serializers.SlugField(required=False, allow_null=True)  # type: ignore[assignment]
        position = serializers.IntegerField(required=False, min_value=0, default=0)
        is_active = serializers.BooleanField(required=False, default=True)

    @extend_schema(request=Input, responses={201: CategoryRefOut})
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        parent_slug = values.pop("parent", None)
        parent = selectors.category_by_slug(parent_slug, active_only=False) if parent_slug else None
        category = services.category_create(parent=parent, actor=request.user, **values)
        return Response(
            category_ref(category_row(category), active_language()), status=status.HTTP_201_CREATED
        )


class StaffBrandCreateApi(StaffApi):
    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=120)

    @extend_schema(request=Input, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        brand = services.brand_get_or_create(name=data.validated_data["name"], actor=request.user)
        return Response({"slug": brand.slug, "name": brand.name}, status=status.HTTP_201_CREATED)


component_names(
    StaffProductListApi, StaffProductRejectApi, StaffCategoryCreateApi, StaffBrandCreateApi
)
