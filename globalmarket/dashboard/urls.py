from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "dashboard"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", web.home, name="home"),
    path("apply/", web.apply, name="apply"),
    path("orders/", web.orders, name="orders"),
    path("orders/<str:number>/", web.order_detail, name="order"),
    path("orders/<str:number>/<slug:action>/", web.order_action, name="order_action"),
    path("products/", web.products, name="products"),
    path("products/new/", web.product_new, name="product_new"),
    path("products/<int:product_id>/", web.product_edit, name="product"),
    path("balance/", web.finance, name="finance"),
    path("team/", web.team, name="team"),
]
