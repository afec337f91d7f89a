"""Cart pages: add, change, remove (forms that post and redirect; fetch-enhanced with JSON).

Anonymous shoppers' carts are named by the `cart_token` cookie (cart.hooks adopts it at
sign-in). Every write goes through cart.services, like the API.
"""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from globalmarket.cart import selectors as cart_selectors
from globalmarket.cart import services as cart_services
from globalmarket.cart.models import Cart
from globalmarket.core.errors import ApplicationError

from . import selectors
from .context_processors import COUNTRY_COOKIE
from .errors import message_for

TOKEN_COOKIE = "cart_token"


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=1, max_value=999)


class AddForm(QuantityForm):
    variant = forms.IntegerField(min_value=1, max_value=2**62)


def cart_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.COOKIES.get(TOKEN_COOKIE, ""))
    except ValueError:
        return None


def current_cart(request: HttpRequest) -> Cart | None:
    return cart_selectors.cart_for(user=request.user, token=cart_token(request))


def item_count(request: HttpRequest) -> int:
    cart = current_cart(request)
    return selectors.cart_item_count(cart) if cart is not None else 0


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, default: str = "/cart/") -> str:
    target = request.POST.get("next") or request.headers.get("Referer") or default
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else default


def _remember(response: HttpResponse, cart: Cart) -> HttpResponse:
    if cart.user_id is None:
        response.set_cookie(
            TOKEN_COOKIE, str(cart.token), max_age=30 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def _error(request: HttpRequest, exc: ApplicationError, status: int = 400) -> HttpResponse:
    message = message_for(str(exc.code), exc.message)
    if exc.fields:
        first = next(iter(exc.fields.values()))[0]
        message = message_for(str(first.get("code", "")), str(first.get("message", message)))
    if _wants_json(request):
        return JsonResponse({"error": {"code": str(exc.code), "message": message}}, status=status)
    messages.error(request, message)
    return redirect(_back(request))


@require_POST
def add(request: HttpRequest) -> HttpResponse:
    form = AddForm(request.POST)
    if not form.is_valid():
        return _error(request, ApplicationError("invalid", _("Choose an option and a quantity.")))
    cart = current_cart(request)
    try:
        if cart is None:
            user = request.user if request.user.is_authenticated else None
            cart_services.validate_new_item(
                variant_id=form.cleaned_data["variant"], quantity=form.cleaned_data["quantity"]
            )
            cart = cart_services.cart_get_or_create(user=user, token=None)
        cart_services.cart_add_item(
            cart=cart,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
        )
    except ApplicationError as exc:
        return _error(request, exc)
    count = selectors.cart_item_count(cart)
    text = _("Added to your cart.")
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"cart_count": count, "message": text})
    else:
        messages.success(request, text)
        response = redirect(_back(request))
    return _remember(response, cart)


@require_POST
def update(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = current_cart(request)
    if cart is None:
        return redirect("storefront:cart")
    try:
        if "remove" in request.POST:
            cart_services.cart_remove_item(cart=cart, line_id=line_id)
        else:
            form = QuantityForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("invalid", _("Enter a quantity of at least 1."))
            cart_services.cart_update_item(
                cart=cart, line_id=line_id, quantity=form.cleaned_data["quantity"]
            )
    except ApplicationError as exc:
        return _error(request, exc)
    if _wants_json(request):
        return JsonResponse({"cart_count": selectors.cart_item_count(cart), "redirect": "/cart/"})
    return redirect("storefront:cart")


def cart_page(request: HttpRequest) -> HttpResponse:
    cart = current_cart(request)
    country = selectors.shopper_country(request.COOKIES.get(COUNTRY_COOKIE))
    summary = selectors.cart_summary(cart, country) if cart is not None else None
    context: dict[str, Any] = {"summary": summary, "country": country}
    return render(request, "storefront/cart.html", context)
