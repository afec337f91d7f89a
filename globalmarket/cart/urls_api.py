from django.urls import URLPattern, URLResolver, path

from . import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("cart/", api.CartDetailApi.as_view(), name="cart"),
    path("cart/items/", api.CartItemAddApi.as_view(), name="cart-items"),
    path("cart/items/<int:line_id>/", api.CartItemApi.as_view(), name="cart-item"),
    path("addresses/", api.AddressListApi.as_view(), name="addresses"),
    path("addresses/<int:address_id>/", api.AddressDetailApi.as_view(), name="address"),
]
