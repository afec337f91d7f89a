from django.urls import path

from . import api

urlpatterns = [
    path("auth/register/", api.RegisterApi.as_view(), name="auth-register"),
    path("auth/token/", api.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/refresh/", api.TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout/", api.LogoutApi.as_view(), name="auth-logout"),
    path("auth/password/change/", api.PasswordChangeApi.as_view(), name="auth-password-change"),
    path("auth/password/reset/", api.PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm/",
        api.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me/", api.MeApi.as_view(), name="me"),
]
