"""Payment endpoints: provider webhooks, payment state, staff refunds by payment."""

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import NotFound
from globalmarket.core.idempotency import idempotent
from globalmarket.core.money import parse_amount
from globalmarket.core.schema import component_names
from globalmarket.orders.access import order_for_customer, vendor_order_for_staff
from globalmarket.orders.access import vendor_order_for_vendor as _vendor_order_of
from globalmarket.orders.models import VendorOrder
from globalmarket.orders.serializers import Amount
from globalmarket.vendors.access import acting_membership, audit_role

from .carddata import refuse_card_data
from .errors import PaymentError
from .models import Method, Payment
from .order_payments import cod_vendor_order_collected, order_payment_start, vendor_order_refund
from .selectors import payment_by_public_id
from .services import payment_sync, webhook_receive


def vendor_order_for_vendor(request: Request, number: str, *,
                            perm: Perm = Perm.VENDOR_REFUND) -> tuple[VendorOrder, str]:  # fmt: skip
    """The acting vendor's order (X-Vendor names the vendor) if their role allows `perm`,
    with the role to record in the audit log."""
    membership = acting_membership(request.user, perm, vendor_slug=request.headers.get("X-Vendor"))
    return _vendor_order_of(membership.vendor, number), audit_role(membership)


class AmountString(serializers.CharField):
    """A decimal amount given as a JSON string (numbers would pass through float)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class PaymentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    order_number = serializers.CharField()
    method = serializers.CharField()
    provider = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount = Amount()
    captured_amount = Amount()
    refunded_amount = Amount()
    transaction_id = serializers.CharField()
    paid_at = serializers.DateTimeField(allow_null=True)
    failure_code = serializers.CharField()


class RefundOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    amount = Amount()
    currency = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    vendor_order_id = serializers.IntegerField(allow_null=True)
    lines = serializers.JSONField()
    created_at = serializers.DateTimeField()


class WebhookReceiveApi(APIView):
    """Provider webhooks: verified, stored in the inbox, then processed by a task."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    @extend_schema(
        request=None,
        responses={200: inline_serializer("WebhookAck", {"received": serializers.BooleanField(),
                                                         "duplicate": serializers.BooleanField()})},
        tags=["payments"],
    )  # fmt: skip
    def post(self, request: Request, provider: str) -> Response:
        body = request._request.body  # the exact bytes that were signed
        _, created = webhook_receive(provider_name=provider, body=body, headers=request.headers)
        return Response({"received": True, "duplicate": not created})


class StaffPaymentDetailApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_VIEW_ALL)]

    @extend_schema(responses={200: PaymentOutput}, tags=["payments"])
    def get(self, request: Request, payment_id: str) -> Response:
        payment = payment_by_public_id(payment_id)
        if payment is None:
            raise NotFound("Payment not found.", code=PaymentError.PAYMENT_NOT_FOUND)
        return Response(PaymentOutput(payment).data)


class AttemptOutput(serializers.Serializer):
    status = serializers.CharField()
    redirect_url = serializers.CharField()
    client_secret = serializers.CharField()


class OrderPaymentApi(APIView):
    """The order's payment (GET; `?refresh=1` asks the provider) and new attempts (POST)."""

    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        payment_method = serializers.ChoiceField(choices=Method.choices, required=False)
        payment_token = serializers.RegexField(
            r"^(pm|tok)_[A-Za-z0-9_]{1,200}$",
            required=False,
            default="",
            help_text="A provider-side token (Stripe PaymentMethod id). Never card data.",
        )

    @extend_schema(responses={200: PaymentOutput}, tags=["payments"])
    def get(self, request: Request, number: str) -> Response:
        order = order_for_customer(request.user, number, parts=False)
        payment = Payment.objects.filter(order=order).first()
        if payment is None:
            raise NotFound("This order has no payment yet.", code=PaymentError.PAYMENT_NOT_FOUND)
        if request.query_params.get("refresh") == "1":
            payment = payment_sync(payment=payment)
        return Response(PaymentOutput(payment).data)

    @extend_schema(request=Input, responses={201: inline_serializer(
        "PaymentStarted", {"payment": PaymentOutput(), "attempt": AttemptOutput()})}, tags=["payments"])  # fmt: skip
    @idempotent
    def post(self, request: Request, number: str) -> Response:
        refuse_card_data(request.data)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_for_customer(request.user, number, parts=False)
        started = order_payment_start(order=order, payment_token=data.validated_data["payment_token"],
                                      method=data.validated_data.get("payment_method"))  # fmt: skip
        return Response({"payment": PaymentOutput(started.payment).data,
                         "attempt": AttemptOutput(started.attempt).data}, status=201)  # fmt: skip


class RefundInput(serializers.Serializer):
    class LineInput(serializers.Serializer):
        line_id = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)

    amount = AmountString(max_length=32, required=False)
    lines = LineInput(many=True, required=False, allow_empty=False)
    reason = serializers.CharField(max_length=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("amount" in attrs) == ("lines" in attrs):
            raise serializers.ValidationError(
                {
                    "amount": [
                        serializers.ErrorDetail("Give either an amount or lines.", code="required")
                    ]
                }
            )
        return attrs


RefundInput.LineInput.__name__ = "RefundLineInput"


def _refund_amount(data: dict[str, Any], currency: str) -> Any:
    if "amount" not in data:
        return None
    try:
        return parse_amount(data["amount"], currency)
    except ValueError as exc:
        raise serializers.ValidationError({"amount": [str(exc)]}) from exc


class VendorOrderRefundCreateApi(APIView):
    """Refund all or part of one of your vendor orders (Perm.VENDOR_REFUND)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RefundInput, responses={201: RefundOutput}, tags=["payments"])
    @idempotent
    def post(self, request: Request, number: str) -> Response:
        vendor_order, role = vendor_order_for_vendor(request, number)
        data = RefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        refund = vendor_order_refund(
            vendor_order=vendor_order, reason=data.validated_data["reason"], actor=request.user,
            amount=_refund_amount(data.validated_data, vendor_order.currency),
            lines=data.validated_data.get("lines"), actor_role=role,
        )  # fmt: skip
        return Response(RefundOutput(refund).data, status=201)


class StaffVendorOrderRefundCreateApi(APIView):
    """Refund all or part of any vendor order of the region (Perm.REFUND_ISSUE)."""

    permission_classes = [StaffPermission.of(Perm.REFUND_ISSUE)]

    @extend_schema(request=RefundInput, responses={201: RefundOutput}, tags=["payments"])
    @idempotent
    def post(self, request: Request, number: str) -> Response:
        vendor_order = vendor_order_for_staff(number)
        data = RefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        refund = vendor_order_refund(
            vendor_order=vendor_order, reason=data.validated_data["reason"], actor=request.user,
            amount=_refund_amount(data.validated_data, vendor_order.currency),
            lines=data.validated_data.get("lines"),
        )  # fmt: skip
        return Response(RefundOutput(refund).data, status=201)


class VendorOrderCashCollectedApi(APIView):
    """Cash on delivery: the vendor (or its carrier) collected the cash for this vendor order."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PaymentOutput}, tags=["payments"])
    def post(self, request: Request, number: str) -> Response:
        vendor_order, role = vendor_order_for_vendor(request, number, perm=Perm.VENDOR_ORDERS)
        payment = cod_vendor_order_collected(
            vendor_order=vendor_order, actor=request.user, actor_role=role
        )
        return Response(PaymentOutput(payment).data)


component_names(OrderPaymentApi)
