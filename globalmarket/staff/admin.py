"""Tenant-aware Django admin for region staff: vendors, catalog, orders and coupons.

Every query routes to the current region's database (the request's tenant), so staff only
ever see their region. Permissions come from staff roles (staff.backends.StaffRoleBackend).
Actions call the owning app's services (the same ones as the API) and report errors
instead of failing; nothing here changes data by itself. Models whose app registers its
own admin are left alone.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from globalmarket.catalog.models import Brand, Category, Product, ProductVariant
from globalmarket.checkout.models import Coupon
from globalmarket.core.errors import ApplicationError
from globalmarket.orders.models import Order, OrderEvent, OrderLine, VendorOrder
from globalmarket.vendors.models import Vendor, VendorMember

admin.site.site_title = "GlobalMarket staff"
admin.site.site_header = "GlobalMarket staff"
admin.site.index_title = _("Region administration")


def _register(model: Any) -> Callable[[type[admin.ModelAdmin]], type[admin.ModelAdmin]]:
    def wrap(cls: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
        if not admin.site.is_registered(model):
            admin.site.register(model, cls)
        return cls

    return wrap


def _each(
    request: HttpRequest, queryset: QuerySet[Any], action: Callable[[Any], Any], done: str
) -> None:
    """Run a service per selected row; report successes and each failure's message."""
    ok = 0
    for obj in queryset:
        try:
            action(obj)
        except ApplicationError as exc:
            messages.error(request, f"{obj}: {exc.message}")
        else:
            ok += 1
    if ok:
        messages.success(request, f"{done}: {ok}")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VendorMemberInline(ReadOnlyInline):
    model = VendorMember
    fields = ["user", "role", "created_at"]
    readonly_fields = tuple(fields)  # type: ignore[arg-type]


@_register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "country", "contact_email", "created_at"]
    list_filter = ["status", "country"]
    search_fields = ["name", "slug", "contact_email", "vat_number"]
    inlines = [VendorMemberInline]
    actions = ["approve", "reject", "suspend", "reinstate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every field: profile and payout edits go through vendors.services (validation, audit,
        # the payout-changed email); review decisions through the actions below.
        return [f.name for f in Vendor._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Vendor, form: Any, change: bool) -> None:
        """Nothing is editable here; never write the row back (it could undo concurrent changes)."""

    def _transition(
        self, request: HttpRequest, queryset: QuerySet[Vendor], action: str, done: str
    ) -> None:
        from globalmarket.vendors import services

        reason = request.POST.get("reason", "") or str(_("Decided by staff in the admin panel."))
        _each(request, queryset, lambda v: services.vendor_transition(  # type: ignore[attr-defined]
            vendor_id=v.pk, action=action, actor=request.user, reason=reason), done)  # fmt: skip

    @admin.action(description=_("Approve selected vendors"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
        self._transition(request, queryset, "approve", str(_("Approved")))

    @admin.action(description=_("Reject selected vendors"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
        self._transition(request, queryset, "reject", str(_("Rejected")))

    @admin.action(description=_("Suspend selected vendors"), permissions=["change"])
    def suspend(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
        self._transition(request, queryset, "suspend", str(_("Suspended")))

    @admin.action(description=_("Reinstate selected vendors"), permissions=["change"])
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
        self._transition(request, queryset, "reinstate", str(_("Reinstated")))


class ViewOnlyAdmin(admin.ModelAdmin):
    """Catalog rows are written by the catalog services (path, cache, search, audit), which the
    staff API calls (/api/v1/staff/categories/, /staff/brands/); here staff only look."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@_register(Category)
class CategoryAdmin(ViewOnlyAdmin):
    list_display = ["slug", "parent", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["slug"]


@_register(Brand)
class BrandAdmin(ViewOnlyAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class VariantInline(ReadOnlyInline):
    model = ProductVariant
    fields = ["sku", "option_name", "option_value", "price_modifier", "stock", "is_active"]
    readonly_fields = tuple(fields)  # type: ignore[arg-type]


@_register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["slug", "vendor", "status", "price", "currency", "is_featured", "updated_at"]
    list_filter = ["status", "is_featured", "vendor"]
    search_fields = ["slug", "sku", "vendor__name"]
    list_select_related = ["vendor"]
    readonly_fields = ["vendor", "status", "sku", "price", "currency", "views", "sales_count",
                       "revenue", "rating_avg", "rating_count", "published_at", "created_at"]  # fmt: skip
    inlines = [VariantInline]
    actions = ["approve", "reject"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every field: edits go through the catalog services (vendor API, moderation actions).
        return [f.name for f in Product._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        """Nothing is editable here; never write the row back (it could undo concurrent changes)."""

    @admin.action(description=_("Approve selected products (publish)"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        from globalmarket.catalog import services

        _each(request, queryset, lambda p: services.product_approve(product=p, actor=request.user),  # type: ignore[attr-defined]
              str(_("Approved")))  # fmt: skip

    @admin.action(description=_("Reject selected products"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        from globalmarket.catalog import services

        reason = request.POST.get("reason", "") or str(_("Does not meet the marketplace rules."))
        _each(request, queryset, lambda p: services.product_reject(product=p, actor=request.user, reason=reason),  # type: ignore[attr-defined]
              str(_("Rejected")))  # fmt: skip


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["vendor_order", "product_name", "sku", "variant_label", "unit_price", "quantity",
              "vat_rate", "vat_amount", "line_total"]  # fmt: skip
    readonly_fields = tuple(fields)  # type: ignore[arg-type]


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = [
        "created_at",
        "vendor_order",
        "actor_role",
        "kind",
        "from_status",
        "to_status",
        "note",
    ]
    readonly_fields = tuple(fields)  # type: ignore[arg-type]


class VendorOrderInline(ReadOnlyInline):
    model = VendorOrder
    fields = ["number", "vendor", "status", "total", "carrier", "tracking_number"]
    readonly_fields = tuple(fields)  # type: ignore[arg-type]


@_register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "customer_email",
        "status",
        "payment_status",
        "total",
        "currency",
        "placed_at",
    ]
    list_filter = ["status", "payment_status", "payment_method"]
    search_fields = ["number", "customer_email"]
    date_hierarchy = "placed_at"
    fields = ["number", "status", "payment_status", "payment_method", "customer_email", "language",
              "shipping_address", "currency", "subtotal", "shipping_cost", "discount", "tax", "total",
              "coupon_code", "customer_note", "internal_note", "placed_at", "paid_at"]  # fmt: skip
    readonly_fields = [str(f) for f in fields if f != "internal_note"]
    inlines = [VendorOrderInline, OrderLineInline, OrderEventInline]
    actions = ["cancel"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Cancel selected orders"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        from globalmarket.orders import services

        _each(request, queryset, lambda o: services.order_cancel(  # type: ignore[attr-defined]
            order=o, actor=request.user, role="staff", note=str(_("Cancelled by staff"))), str(_("Cancelled")))  # fmt: skip


@_register(VendorOrder)
class VendorOrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "vendor",
        "status",
        "total",
        "currency",
        "carrier",
        "tracking_number",
        "created_at",
    ]
    list_filter = ["status", "vendor"]
    search_fields = ["number", "tracking_number", "vendor__name"]
    list_select_related = ["vendor"]
    readonly_fields = ["order", "vendor", "number", "sequence", "status", "currency", "subtotal",
                       "shipping_cost", "discount", "tax", "total", "accepted_at", "shipped_at",
                       "delivered_at", "created_at"]  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@_register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "value",
        "vendor",
        "is_active",
        "used_count",
        "starts_at",
        "ends_at",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code"]
    readonly_fields = ["used_count"]
