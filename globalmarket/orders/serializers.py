"""Output shapes of orders for customers, vendors and staff. Amounts are decimal strings."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant


@extend_schema_field(serializers.CharField(help_text="Decimal string, e.g. 299.99"))
class Amount(serializers.Field):
    """An amount quantized to its row's currency (lines use the region's currency)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj: Any) -> str:
        currency = getattr(obj, "currency", "") or require_tenant().default_currency
        return str(quantize(getattr(obj, str(self.field_name)), currency))


class VendorBrief(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class LineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    variant = serializers.IntegerField(source="variant_id", allow_null=True)
    product_name = serializers.CharField()
    sku = serializers.CharField()
    variant_label = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = Amount()
    line_subtotal = Amount()
    discount = Amount()
    vat_rate = serializers.DecimalField(max_digits=6, decimal_places=4)
    vat_amount = Amount()
    line_total = Amount()


class VendorOrderOutput(serializers.Serializer):
    number = serializers.CharField()
    vendor = VendorBrief()
    status = serializers.CharField()
    currency = serializers.CharField()
    subtotal = Amount()
    shipping_cost = Amount()
    discount = Amount()
    tax = Amount()
    total = Amount()
    vat_breakdown = serializers.JSONField()
    delivery_days_min = serializers.IntegerField(allow_null=True)
    delivery_days_max = serializers.IntegerField(allow_null=True)
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = serializers.CharField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    return_requested_at = serializers.DateTimeField(allow_null=True)
    lines = LineOutput(many=True)


class OrderOutput(serializers.Serializer):
    order_number = serializers.CharField(source="number")
    status = serializers.CharField()
    payment_method = serializers.CharField()
    payment_status = serializers.CharField()
    currency = serializers.CharField()
    prices_include_vat = serializers.BooleanField()
    subtotal = Amount()
    shipping_cost = Amount()
    discount = Amount()
    tax = Amount()
    total = Amount()
    vat_breakdown = serializers.JSONField()
    coupon_code = serializers.CharField()
    shipping_address = serializers.JSONField()
    billing_address = serializers.JSONField()
    customer_note = serializers.CharField()
    placed_at = serializers.DateTimeField()
    vendor_orders = VendorOrderOutput(many=True)


class EventOutput(serializers.Serializer):
    time = serializers.DateTimeField(source="created_at")
    kind = serializers.CharField()
    vendor_order = serializers.SerializerMethodField()
    actor_role = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()

    def get_vendor_order(self, event: Any) -> str | None:
        numbers: dict[int, str] = self.context.get("vendor_numbers", {})
        return numbers.get(event.vendor_order_id) if event.vendor_order_id else None


class StaffOrderOutput(OrderOutput):
    customer_email = serializers.EmailField()
    internal_note = serializers.CharField()


class VendorOrderListOutput(VendorOrderOutput):
    order_number = serializers.CharField(source="order.number")
    placed_at = serializers.DateTimeField(source="order.placed_at")
    shipping_address = serializers.JSONField(source="order.shipping_address")
    customer_note = serializers.CharField(source="order.customer_note")
