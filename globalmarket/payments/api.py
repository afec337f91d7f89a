"""Payment endpoints: provider webhooks, payment state, staff refunds by payment."""

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import NotFound
from globalmarket.core.idempotency import idempotent
from globalmarket.core.money import parse_amount, quantize
from globalmarket.core.schema import component_names

from .errors import PaymentError
from .models import Payment, Refund
from .refunds import refund_create
from .selectors import payment_by_public_id
from .services import webhook_receive


class PaymentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    order_number = serializers.CharField()
    method = serializers.CharField()
    provider = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.SerializerMethodField()
    captured_amount = serializers.SerializerMethodField()
    refunded_amount = serializers.SerializerMethodField()
    transaction_id = serializers.CharField()
    paid_at = serializers.DateTimeField(allow_null=True)
    failure_code = serializers.CharField()

    def _money(self, payment: Payment, value: Any) -> str:
        return str(quantize(value, payment.currency))

    def get_amount(self, payment: Payment) -> str:
        return self._money(payment, payment.amount)

    def get_captured_amount(self, payment: Payment) -> str:
        return self._money(payment, payment.captured_amount)

    def get_refunded_amount(self, payment: Payment) -> str:
        return self._money(payment, payment.refunded_amount)


class RefundOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    vendor_order_id = serializers.IntegerField(allow_null=True)
    lines = serializers.JSONField()
    created_at = serializers.DateTimeField()

    def get_amount(self, refund: Refund) -> str:
        return str(quantize(refund.amount, refund.currency))


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


class StaffPaymentRefundCreateApi(APIView):
    """Refund a captured payment by amount (staff, Perm.REFUND_ISSUE)."""

    permission_classes = [StaffPermission.of(Perm.REFUND_ISSUE)]

    class Input(serializers.Serializer):
        amount = serializers.CharField(max_length=32)
        reason = serializers.CharField(max_length=500)

    @extend_schema(request=Input, responses={201: RefundOutput}, tags=["payments"])
    @idempotent
    def post(self, request: Request, payment_id: str) -> Response:
        payment = payment_by_public_id(payment_id)
        if payment is None:
            raise NotFound("Payment not found.", code=PaymentError.PAYMENT_NOT_FOUND)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            amount = parse_amount(data.validated_data["amount"], payment.currency)
        except ValueError as exc:
            raise serializers.ValidationError({"amount": [str(exc)]}) from exc
        refund = refund_create(payment=payment, amount=amount, reason=data.validated_data["reason"],
                               actor=request.user)  # fmt: skip
        return Response(RefundOutput(refund).data, status=201)


class StaffPaymentDetailApi(APIView):
    permission_classes = [StaffPermission.of(Perm.ORDER_VIEW_ALL)]

    @extend_schema(responses={200: PaymentOutput}, tags=["payments"])
    def get(self, request: Request, payment_id: str) -> Response:
        payment = payment_by_public_id(payment_id)
        if payment is None:
            raise NotFound("Payment not found.", code=PaymentError.PAYMENT_NOT_FOUND)
        return Response(PaymentOutput(payment).data)


component_names(StaffPaymentRefundCreateApi)
