from django.urls import URLPattern, URLResolver, path

from . import web

app_name = "dashboard"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", web.home, name="home"),
    path("apply/", web.apply, name="apply"),
]
