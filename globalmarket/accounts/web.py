"""Sign-in, sign-up and password pages (session auth for the server-rendered site)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from globalmarket.cart.hooks import on_sign_in
from globalmarket.core.errors import ApplicationError, RateLimited
from globalmarket.core.http import client_ip
from globalmarket.storefront.errors import apply_service_errors

from . import services


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"), max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )  # fmt: skip


class RegisterForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"), max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip


def login_view(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_authenticate(**form.cleaned_data, ip=client_ip(request))
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        except ApplicationError as exc:
            apply_service_errors(form, exc)
        else:
            _sign_in(request, user)
            next_url = request.GET.get("next", "")
            return redirect(
                next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"
            )
    return render(request, "accounts/login.html", {"form": form}, status=status)


def _sign_in(request: HttpRequest, user: Any) -> None:
    """Every page sign-in (log in, sign up): the session, then the anonymous cart adopted."""
    login(request, user, backend="globalmarket.accounts.backends.EmailBackend")
    on_sign_in(request, user)


def register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                **form.cleaned_data, preferred_language=request.LANGUAGE_CODE
            )  # type: ignore[attr-defined]
        except ApplicationError as exc:
            apply_service_errors(form, exc)
        else:
            _sign_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("/")
    return render(request, "accounts/register.html", {"form": form})


def _reset_views() -> dict[str, Any]:
    return {
        "reset": auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="accounts/password_reset_email.txt",
        ),
        "done": auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        "confirm": auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:login"),
        ),
    }


reset_views = _reset_views()
logout_view = auth_views.LogoutView.as_view()
