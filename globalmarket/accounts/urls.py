from django.urls import path

from . import web

app_name = "accounts"
urlpatterns = [
    path("login/", web.login_view, name="login"),
    path("logout/", web.logout_view, name="logout"),
    path("register/", web.register_view, name="register"),
    path("password-reset/", web.reset_views["reset"], name="password_reset"),
    path("password-reset/sent/", web.reset_views["done"], name="password_reset_done"),
    path("reset/<uidb64>/<token>/", web.reset_views["confirm"], name="password_reset_confirm"),
]
