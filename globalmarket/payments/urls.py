from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("payments/sandbox/<uuid:charge_id>/", web.sandbox_page, name="sandbox"),
]
