"""Read-only admin views of orders: changes go through the order services (state machine,
timeline, audit log) via the staff API, never through raw admin edits."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm

from .models import Order, OrderEvent, OrderLine, VendorOrder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, Perm.ORDER_VIEW_ALL)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, Perm.ORDER_VIEW_ALL)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineInline(admin.TabularInline):
    model = OrderLine
    fk_name = "order"
    extra = 0
    fields = (
        "sku",
        "product_name",
        "variant_label",
        "unit_price",
        "quantity",
        "vat_rate",
        "line_total",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "status",
        "payment_method",
        "payment_status",
        "total",
        "currency",
        "placed_at",
    ]
    list_filter = ["status", "payment_status", "payment_method"]
    search_fields = ["number", "customer_email"]
    inlines = [LineInline]


@admin.register(VendorOrder)
class VendorOrderAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "vendor",
        "status",
        "total",
        "carrier",
        "tracking_number",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["number", "tracking_number"]
    list_select_related = ["vendor"]


@admin.register(OrderEvent)
class OrderEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "created_at", "actor_role", "kind", "from_status", "to_status"]
    list_filter = ["kind", "actor_role"]
    list_select_related = ["order"]
