from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("payments/sandbox/<uuid:charge_id>/", web.sandbox_page, name="sandbox"),
]
urlpatterns += [
    path("orders/<str:number>/payment/", web.order_payment_page, name="order-payment"),
]
