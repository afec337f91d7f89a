"""POST /api/v1/checkout/ and the staff coupon endpoints."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import NotFound
from globalmarket.core.idempotency import idempotent
from globalmarket.core.money import quantize
from globalmarket.core.schema import component_names
from globalmarket.orders.serializers import Amount, LineOutput, VendorOrderOutput
from globalmarket.tenancy.context import require_tenant

from . import coupon_services
from .models import Coupon
from .services import CheckoutResult, checkout_place


@extend_schema_field(
    {"oneOf": [{"type": "integer", "description": "A saved address id"},
               {"type": "object", "additionalProperties": {"type": "string"},
                "description": "full_name, street, house_number, city, postal_code, state, country, phone"}]}
)  # fmt: skip
class AddressOrId(serializers.Field):
    """A saved address id or an address object (validated per country by the service)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | dict):
            raise serializers.ValidationError(
                "An address object or a saved address id.", code="invalid"
            )
        if isinstance(data, int) and not 0 < data < 2**62:
            raise serializers.ValidationError("Unknown address.", code="invalid")
        return data


class CheckoutOutput(serializers.Serializer):
    order_number = serializers.CharField(source="order.number")
    status = serializers.CharField(source="order.status")
    currency = serializers.CharField(source="order.currency")
    subtotal = serializers.SerializerMethodField()
    shipping_cost = serializers.SerializerMethodField()
    discount = serializers.SerializerMethodField()
    tax = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    vat_breakdown = serializers.JSONField(source="order.vat_breakdown")
    vendor_orders = serializers.SerializerMethodField()
    payment = serializers.JSONField()

    def _amount(self, result: Any, name: str) -> str:
        field = Amount()
        field.field_name = name
        return field.to_representation(result.order)

    def get_subtotal(self, result: Any) -> str:
        return self._amount(result, "subtotal")

    def get_shipping_cost(self, result: Any) -> str:
        return self._amount(result, "shipping_cost")

    def get_discount(self, result: Any) -> str:
        return self._amount(result, "discount")

    def get_tax(self, result: Any) -> str:
        return self._amount(result, "tax")

    def get_total(self, result: Any) -> str:
        return self._amount(result, "total")

    @extend_schema_field(VendorOrderOutput(many=True))
    def get_vendor_orders(self, result: Any) -> list[dict[str, Any]]:
        """From the rows the checkout just wrote (no re-reading): the same shape as order detail."""
        lines: dict[int, list[Any]] = {}
        for line in result.lines:
            lines.setdefault(line.vendor_order_id, []).append(line)
        return list(
            PlacedVendorOrderOutput(result.vendor_orders, many=True, context={"lines": lines}).data
        )


class PlacedVendorOrderOutput(VendorOrderOutput):
    lines = serializers.SerializerMethodField()  # type: ignore[assignment]

    @extend_schema_field(LineOutput(many=True))
    def get_lines(self, vendor_order: Any) -> list[dict[str, Any]]:
        return list(LineOutput(self.context["lines"].get(vendor_order.pk, []), many=True).data)


_VAT_RATE = Decimal("0.0001")  # LineOutput.vat_rate: decimal_places=4
_DATETIME = serializers.DateTimeField()


def _datetime(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def render_checkout(result: CheckoutResult) -> dict[str, Any]:
    """CheckoutOutput's data, built directly from the rows the checkout just wrote.

    The shape (keys, order, strings) is CheckoutOutput's, which stays the documented schema;
    a test compares the two for several carts. Building the dicts here costs a fraction of
    running the nested serializers (about 300 field objects per checkout).
    """
    order = result.order
    currency = order.currency
    line_currency = require_tenant().default_currency  # Amount(): lines have no currency
    lines: dict[int, list[dict[str, Any]]] = {}
    for line in result.lines:
        lines.setdefault(line.vendor_order_id, []).append({
            "id": line.id, "variant": line.variant_id, "product_name": str(line.product_name),
            "sku": str(line.sku), "variant_label": str(line.variant_label), "quantity": int(line.quantity),
            "unit_price": str(quantize(line.unit_price, line_currency)),
            "line_subtotal": str(quantize(line.line_subtotal, line_currency)),
            "discount": str(quantize(line.discount, line_currency)),
            "vat_rate": f"{Decimal(line.vat_rate).quantize(_VAT_RATE):f}",
            "vat_amount": str(quantize(line.vat_amount, line_currency)),
            "line_total": str(quantize(line.line_total, line_currency)),
        })  # fmt: skip
    vendor_orders = []
    for vo in result.vendor_orders:
        vendor, vo_currency = vo.vendor, vo.currency or line_currency
        vendor_orders.append({
            "number": str(vo.number), "vendor": {"slug": str(vendor.slug), "name": str(vendor.name)},
            "status": str(vo.status), "currency": str(vo.currency),
            **{name: str(quantize(getattr(vo, name), vo_currency))
               for name in ("subtotal", "shipping_cost", "discount", "tax", "total")},
            "vat_breakdown": vo.vat_breakdown, "delivery_days_min": vo.delivery_days_min,
            "delivery_days_max": vo.delivery_days_max, "carrier": str(vo.carrier),
            "tracking_number": str(vo.tracking_number), "tracking_url": str(vo.tracking_url),
            "shipped_at": _datetime(vo.shipped_at), "delivered_at": _datetime(vo.delivered_at),
            "return_requested_at": _datetime(vo.return_requested_at),
            "lines": lines.get(vo.pk, []),
        })  # fmt: skip
    return {
        "order_number": str(order.number), "status": str(order.status), "currency": str(currency),
        **{name: str(quantize(getattr(order, name), currency or line_currency))
           for name in ("subtotal", "shipping_cost", "discount", "tax", "total")},
        "vat_breakdown": order.vat_breakdown, "vendor_orders": vendor_orders, "payment": result.payment,
    }  # fmt: skip


class CheckoutApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        shipping_address = AddressOrId()
        billing_address = AddressOrId(required=False, allow_null=True)
        payment_method = serializers.CharField(max_length=32)
        coupon = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        customer_note = serializers.CharField(
            max_length=1000, required=False, allow_blank=True, default=""
        )

    @extend_schema(
        request=Input, responses={201: CheckoutOutput}, tags=["checkout"],
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )  # fmt: skip
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = checkout_place(
            user=request.user, shipping_address=v["shipping_address"],
            billing_address=v.get("billing_address"), payment_method=v["payment_method"],
            coupon_code=v["coupon"], customer_note=v["customer_note"],
        )  # fmt: skip
        return Response(render_checkout(result), status=201)


class CouponOutput(serializers.ModelSerializer):
    vendor: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Coupon
        fields = ["id", "code", "kind", "value", "vendor", "min_spend", "starts_at", "ends_at", "max_uses",
                  "max_uses_per_customer", "used_count", "is_active", "created_at"]  # fmt: skip


class CouponInput(serializers.Serializer):
    code = serializers.RegexField(r"^[A-Za-z0-9_-]{3,64}$", required=False)
    kind = serializers.ChoiceField(choices=Coupon.Kind.choices, required=False)
    value = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0, required=False)
    vendor = serializers.SlugField(required=False, allow_null=True)
    min_spend = serializers.DecimalField(
        max_digits=12, decimal_places=3, min_value=0, required=False
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    max_uses = serializers.IntegerField(
        min_value=1, max_value=10**9, required=False, allow_null=True
    )
    max_uses_per_customer = serializers.IntegerField(
        min_value=1, max_value=10**6, required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)


class CouponListApi(APIView):
    permission_classes = [StaffPermission.of(Perm.COUPON_MANAGE)]

    @extend_schema(responses={200: CouponOutput(many=True)}, tags=["staff coupons"])
    def get(self, request: Request) -> Response:
        return Response(
            CouponOutput(Coupon.objects.select_related("vendor").order_by("code"), many=True).data
        )

    @extend_schema(request=CouponInput, responses={201: CouponOutput}, tags=["staff coupons"])
    def post(self, request: Request) -> Response:
        data = CouponInput(data=request.data, context={"create": True})
        data.is_valid(raise_exception=True)
        coupon = coupon_services.coupon_create(actor=request.user, data=data.validated_data)
        return Response(CouponOutput(coupon).data, status=201)


def _coupon(coupon_id: int) -> Coupon:
    coupon = Coupon.objects.select_related("vendor").filter(id=coupon_id).first()
    if coupon is None:
        raise NotFound("No such coupon.")
    return coupon


class CouponDetailApi(APIView):
    permission_classes = [StaffPermission.of(Perm.COUPON_MANAGE)]

    @extend_schema(responses={200: CouponOutput}, tags=["staff coupons"])
    def get(self, request: Request, coupon_id: int) -> Response:
        return Response(CouponOutput(_coupon(coupon_id)).data)

    @extend_schema(request=CouponInput, responses={200: CouponOutput}, tags=["staff coupons"])
    def patch(self, request: Request, coupon_id: int) -> Response:
        data = CouponInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        coupon = coupon_services.coupon_update(coupon=_coupon(coupon_id), actor=request.user,
                                               data=data.validated_data)  # fmt: skip
        return Response(CouponOutput(coupon).data)


component_names(CheckoutApi)
