"""Customer account pages: overview, profile and language, password."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from globalmarket.accounts import services as account_services
from globalmarket.core.errors import ApplicationError

from .errors import apply_service_errors


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False,
                            help_text=_("With country code, e.g. +31 6 12345678"),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))  # fmt: skip
    preferred_language = forms.ChoiceField(label=_("Language"), choices=[])

    def __init__(self, *args: object, languages: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["preferred_language"].choices = languages  # type: ignore[attr-defined]


class PasswordForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))  # fmt: skip
    new_password = forms.CharField(label=_("New password"), strip=False, min_length=10, max_length=128,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))  # fmt: skip


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    names = dict(settings.LANGUAGES)
    languages = [(code, names.get(code, code)) for code in request.tenant.languages]  # type: ignore[attr-defined]
    user = request.user
    initial = {"full_name": user.full_name, "phone": user.phone,  # type: ignore[union-attr]
               "preferred_language": user.preferred_language or request.LANGUAGE_CODE}  # type: ignore[union-attr,attr-defined]  # fmt: skip
    form = ProfileForm(
        request.POST if "save_profile" in request.POST else None,
        initial=initial,
        languages=languages,
    )
    password_form = PasswordForm(request.POST if "change_password" in request.POST else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                account_services.user_update_profile(user=user, **form.cleaned_data)  # type: ignore[arg-type]
            except ApplicationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your profile has been saved."))
                response = redirect("storefront:profile")
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["preferred_language"],
                                    max_age=365 * 24 * 3600, samesite="Lax")  # fmt: skip
                return response
        status = 400
    if password_form.is_bound:
        if password_form.is_valid():
            try:
                account_services.user_change_password(user=user, **password_form.cleaned_data)  # type: ignore[arg-type]
            except ApplicationError as exc:
                apply_service_errors(password_form, exc)
            else:
                update_session_auth_hash(request, user)  # type: ignore[arg-type]
                messages.success(request, _("Your password has been changed."))
                return redirect("storefront:profile")
        status = 400
    return render(
        request,
        "storefront/profile.html",
        {"form": form, "password_form": password_form},
        status=status,
    )
