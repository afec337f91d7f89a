from django.urls import URLPattern, URLResolver, path

from . import account, cart_web, checkout_web, orders_web, web

app_name = "storefront"
urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<slug:slug>/", web.category, name="category"),
    path("p/<slug:slug>/", web.product, name="product"),
    path("country/", web.set_country, name="set_country"),
    path("cart/", cart_web.cart_page, name="cart"),
    path("cart/add/", cart_web.add, name="cart_add"),
    path("cart/lines/<int:line_id>/", cart_web.update, name="cart_line"),
    path("checkout/", checkout_web.checkout, name="checkout"),
    path("account/", web.account, name="account"),
    path("account/profile/", account.profile, name="profile"),
    path("account/addresses/", orders_web.addresses, name="addresses"),
    path("account/orders/", orders_web.orders, name="orders"),
    path("account/orders/<str:number>/", orders_web.order, name="order"),
    path("account/orders/<str:number>/return/", orders_web.order_return, name="order_return"),
]
