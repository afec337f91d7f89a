from django.urls import URLPattern, URLResolver, path

from . import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "payments/webhooks/<slug:provider>/",
        api.WebhookReceiveApi.as_view(),
        name="payment-webhook",
    ),
    path(
        "staff/payments/<uuid:payment_id>/",
        api.StaffPaymentDetailApi.as_view(),
        name="staff-payment",
    ),
]
urlpatterns += [
    path("orders/<str:number>/payment/", api.OrderPaymentApi.as_view(), name="order-payment"),
    path(
        "vendor/orders/<str:number>/refunds/",
        api.VendorOrderRefundCreateApi.as_view(),
        name="vendor-order-refunds",
    ),
    path(
        "vendor/orders/<str:number>/cash-collected/",
        api.VendorOrderCashCollectedApi.as_view(),
        name="vendor-order-cash-collected",
    ),
    path(
        "staff/vendor-orders/<str:number>/refunds/",
        api.StaffVendorOrderRefundCreateApi.as_view(),
        name="staff-vendor-order-refunds",
    ),
]
