from django.urls import URLPattern, URLResolver, path

from . import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("checkout/", api.CheckoutApi.as_view(), name="checkout"),
    path("staff/coupons/", api.CouponListApi.as_view(), name="staff-coupons"),
    path("staff/coupons/<int:coupon_id>/", api.CouponDetailApi.as_view(), name="staff-coupon"),
]
