"""Order endpoints for customers (/orders/), vendors (/vendor/orders/) and staff (/staff/orders/)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.pagination import PageNumberPagination
from globalmarket.core.schema import component_names
from globalmarket.vendors.access import vendor_for

from . import access, services
from .carriers import CARRIERS
from .models import Order, OrderEvent, VendorOrder
from .selectors import order_events, orders_all, orders_of_customer, vendor_orders_of
from .serializers import EventOutput, OrderOutput, StaffOrderOutput, VendorOrderListOutput

Role = OrderEvent.ActorRole
V = VendorOrder.Status


def _page(request: Request, view: APIView, qs: Any, serializer: Any) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _detail(order: Order, serializer: Any = OrderOutput) -> dict[str, Any]:
    numbers = {vo.pk: vo.number for vo in order.vendor_orders.all()}
    data = dict(serializer(order).data)
    data["timeline"] = EventOutput(
        order_events(order), many=True, context={"vendor_numbers": numbers}
    ).data
    return data


def _vendor_header(request: Request) -> str | None:
    return request.headers.get("X-Vendor") or None


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


STATUS_PARAM = OpenApiParameter("status", str, required=False)


# --- customer


class OrderListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OrderOutput(many=True)}, tags=["orders"])
    def get(self, request: Request) -> Response:
        return _page(request, self, orders_of_customer(request.user), OrderOutput)


class OrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OrderOutput}, tags=["orders"])
    def get(self, request: Request, number: str) -> Response:
        return Response(_detail(access.order_for_customer(request.user, number)))


class OrderCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=NoteInput, responses={200: OrderOutput}, tags=["orders"])
    def post(self, request: Request, number: str) -> Response:
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = access.order_for_customer(request.user, number)
        services.order_cancel(order=order, actor=request.user, role=Role.CUSTOMER,
                              note=data.validated_data["note"])  # fmt: skip
        return Response(_detail(access.order_for_customer(request.user, number)))


class OrderReturnApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=Input, responses={200: OrderOutput}, tags=["orders"])
    def post(self, request: Request, number: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        order = access.order_for_customer(request.user, number)
        services.order_request_return(
            order=order, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(_detail(access.order_for_customer(request.user, number)))


# --- vendor


class VendorOrderListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[STATUS_PARAM],
        responses={200: VendorOrderListOutput(many=True)},
        tags=["vendor orders"],
    )
    def get(self, request: Request) -> Response:
        vendor = vendor_for(request.user, Perm.VENDOR_ORDERS, vendor_slug=_vendor_header(request))
        qs = vendor_orders_of(vendor, status=request.query_params.get("status", ""))
        return _page(request, self, qs, VendorOrderListOutput)


class VendorOrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: VendorOrderListOutput}, tags=["vendor orders"])
    def get(self, request: Request, number: str) -> Response:
        vendor = vendor_for(request.user, Perm.VENDOR_ORDERS, vendor_slug=_vendor_header(request))
        vo = access.vendor_order_for_vendor(vendor, number)
        data = dict(VendorOrderListOutput(vo).data)
        data["timeline"] = EventOutput(order_events(vo.order, vendor_order=vo), many=True,
                                       context={"vendor_numbers": {vo.pk: vo.number}}).data  # fmt: skip
        return Response(data)


class VendorOrderActionApi(APIView):
    """accept, reject, ship (carrier + tracking number), deliver, returned."""

    permission_classes = [IsAuthenticated]
    target: str = ""

    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
        carrier = serializers.ChoiceField(choices=list(CARRIERS), required=False)
        tracking_number = serializers.RegexField(r"^[A-Za-z0-9-]{4,40}$", required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if self.context.get("target") == V.SHIPPED:
                missing = {
                    f: ["This field is required."]
                    for f in ("carrier", "tracking_number")
                    if not attrs.get(f)
                }
                if missing:
                    raise serializers.ValidationError(missing, code="required")
            return attrs

    @extend_schema(request=Input, responses={200: VendorOrderListOutput}, tags=["vendor orders"])
    def post(self, request: Request, number: str) -> Response:
        vendor = vendor_for(request.user, Perm.VENDOR_ORDERS, vendor_slug=_vendor_header(request))
        vo = access.vendor_order_for_vendor(vendor, number)
        data = self.Input(data=request.data, context={"target": self.target})
        data.is_valid(raise_exception=True)
        services.vendor_order_transition(
            vendor_order=vo, target=self.target, actor=request.user, role=Role.VENDOR,
            note=data.validated_data["note"], carrier=data.validated_data.get("carrier", ""),
            tracking_number=data.validated_data.get("tracking_number", ""),
        )  # fmt: skip
        return Response(VendorOrderListOutput(access.vendor_order_for_vendor(vendor, number)).data)


# --- staff


class StaffOrderListApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_VIEW_ALL)]

    @extend_schema(parameters=[STATUS_PARAM, OpenApiParameter("q", str, required=False)],
                   responses={200: StaffOrderOutput(many=True)}, tags=["staff orders"])  # fmt: skip
    def get(self, request: Request) -> Response:
        qs = orders_all(
            status=request.query_params.get("status", ""), search=request.query_params.get("q", "")
        )
        return _page(request, self, qs, StaffOrderOutput)


class StaffOrderDetailApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_VIEW_ALL)]

    @extend_schema(responses={200: StaffOrderOutput}, tags=["staff orders"])
    def get(self, request: Request, number: str) -> Response:
        return Response(_detail(access.order_for_staff(number), StaffOrderOutput))


class StaffOrderCancelApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_MANAGE)]

    @extend_schema(request=NoteInput, responses={200: StaffOrderOutput}, tags=["staff orders"])
    def post(self, request: Request, number: str) -> Response:
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_cancel(order=access.order_for_staff(number), actor=request.user, role=Role.STAFF,
                              note=data.validated_data["note"])  # fmt: skip
        return Response(_detail(access.order_for_staff(number), StaffOrderOutput))


class StaffOrderNoteApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_MANAGE)]

    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=2000)

    @extend_schema(request=Input, responses={200: StaffOrderOutput}, tags=["staff orders"])
    def post(self, request: Request, number: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_add_note(order=access.order_for_staff(number), actor=request.user,
                                note=data.validated_data["note"])  # fmt: skip
        return Response(_detail(access.order_for_staff(number), StaffOrderOutput))


component_names(OrderReturnApi, VendorOrderActionApi, StaffOrderNoteApi)
