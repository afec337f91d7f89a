from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", web.home, name="home"),
]
