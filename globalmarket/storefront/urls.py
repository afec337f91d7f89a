from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "storefront"
urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<slug:slug>/", web.category, name="category"),
    path("p/<slug:slug>/", web.product, name="product"),
    path("country/", web.set_country, name="set_country"),
    path("account/", web.account, name="account"),
]
