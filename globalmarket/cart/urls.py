from django.urls import URLPattern, URLResolver

app_name = "cart"
urlpatterns: list[URLPattern | URLResolver] = []
