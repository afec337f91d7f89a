from django.urls import URLPattern, URLResolver, path

from . import api
from .models import VendorOrder

V = VendorOrder.Status
N = "<str:number>"

urlpatterns: list[URLPattern | URLResolver] = [
    path("orders/", api.OrderListApi.as_view(), name="orders"),
    path(f"orders/{N}/", api.OrderDetailApi.as_view(), name="order"),
    path(f"orders/{N}/cancel/", api.OrderCancelApi.as_view(), name="order-cancel"),
    path(f"orders/{N}/return/", api.OrderReturnApi.as_view(), name="order-return"),
    path("vendor/orders/", api.VendorOrderListApi.as_view(), name="vendor-orders"),
    path(f"vendor/orders/{N}/", api.VendorOrderDetailApi.as_view(), name="vendor-order"),
    *[
        path(
            f"vendor/orders/{N}/{action}/",
            api.VendorOrderActionApi.as_view(target=target),
            name=f"vendor-order-{action}",
        )
        for action, target in [
            ("accept", V.ACCEPTED),
            ("reject", V.REJECTED),
            ("ship", V.SHIPPED),
            ("deliver", V.DELIVERED),
            ("returned", V.RETURNED),
        ]
    ],
    path("staff/orders/", api.StaffOrderListApi.as_view(), name="staff-orders"),
    path(f"staff/orders/{N}/", api.StaffOrderDetailApi.as_view(), name="staff-order"),
    path(f"staff/orders/{N}/cancel/", api.StaffOrderCancelApi.as_view(), name="staff-order-cancel"),
    path(f"staff/orders/{N}/notes/", api.StaffOrderNoteApi.as_view(), name="staff-order-notes"),
]
