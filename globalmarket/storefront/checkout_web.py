"""Checkout page: address, shipping per vendor, coupon, payment method → provider → confirmation.

The order is placed by checkout.services.checkout_place and paid through
payments.order_payments.order_payment_start, exactly as the API does.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from globalmarket.cart import selectors as cart_selectors
from globalmarket.checkout.services import checkout_place
from globalmarket.core.errors import ApplicationError
from globalmarket.payments.methods import LABELS, offered_methods
from globalmarket.payments.models import Method

from . import selectors
from .cart_web import current_cart
from .context_processors import COUNTRY_COOKIE, site
from .errors import apply_service_errors, message_for
from .forms import AddressFields


class CheckoutForm(AddressFields):
    field_order = ["saved_address"]
    saved_address = forms.TypedChoiceField(
        label=gettext_lazy("Saved address"), coerce=int, required=False, empty_value=None
    )
    coupon = forms.CharField(
        label=gettext_lazy("Coupon code (optional)"), max_length=64, required=False
    )
    payment_method = forms.ChoiceField(
        label=gettext_lazy("Payment method"), choices=[], widget=forms.RadioSelect
    )
    customer_note = forms.CharField(label=gettext_lazy("Note for the sellers (optional)"), max_length=500,
                                    required=False, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, countries: list[tuple[str, str]], methods: list[tuple[str, str]],
                 addresses: list[tuple[int, str]], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, countries=countries, **kwargs)
        self.fields["payment_method"].choices = methods  # type: ignore[attr-defined]
        if addresses:
            self.fields["saved_address"].choices = [("", _("A new address")), *addresses]  # type: ignore[attr-defined]
        else:
            del self.fields["saved_address"]

    def shipping_address(self) -> Any:
        if self.cleaned_data.get("saved_address"):
            return self.cleaned_data["saved_address"]
        return self.address()

    def add_service_error(self, error: ApplicationError) -> None:
        apply_service_errors(self, error, field_for=self._field_for)

    def _field_for(self, path: str) -> str:
        """An address error goes on the saved address when one was chosen."""
        if path.startswith("shipping_address") and "saved_address" in self.fields and self.data.get("saved_address"):  # fmt: skip
            return "saved_address"
        return path.split(".")[-1]


def _choices(request: HttpRequest) -> dict[str, Any]:
    tenant = request.tenant  # type: ignore[attr-defined]
    country = request.POST.get("country") or selectors.shopper_country(
        request.COOKIES.get(COUNTRY_COOKIE)
    )
    methods = offered_methods(tenant, country if country in tenant.countries else "")
    addresses = [(a.pk, f"{a.full_name}, {a.street} {a.house_number}, {a.city} ({a.country})")
                 for a in cart_selectors.addresses_of(request.user)]  # fmt: skip
    return {"countries": site(request)["site_countries"], "methods": [(m, str(LABELS[Method(m)])) for m in methods],
            "addresses": addresses}  # fmt: skip


@login_required
def checkout(request: HttpRequest) -> HttpResponse:
    cart = current_cart(request)
    country = selectors.shopper_country(request.COOKIES.get(COUNTRY_COOKIE))
    if cart is None or not cart_selectors.cart_lines(cart).exists():
        messages.info(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    initial = {"country": country, "full_name": request.user.full_name, "phone": request.user.phone,  # type: ignore[union-attr]
               "payment_method": "card"}  # fmt: skip
    form = CheckoutForm(request.POST or None, initial=initial, **_choices(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = checkout_place(
                    user=request.user, shipping_address=form.shipping_address(),
                    payment_method=form.cleaned_data["payment_method"],
                    coupon_code=form.cleaned_data["coupon"].strip(),
                    customer_note=form.cleaned_data["customer_note"],
                )  # fmt: skip
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                return _pay(request, result)
    summary = selectors.cart_summary(cart, request.POST.get("country") or country)
    return render(
        request, "storefront/checkout.html", {"form": form, "summary": summary}, status=status
    )


def _pay(request: HttpRequest, result: Any) -> HttpResponse:
    """Send the shopper to the provider, or to the order (cash on delivery, or a failed start)."""
    order, payment = result.order, result.payment
    if payment.get("status") == "failed":
        # The order exists: its payment page shows the state and offers another try.
        error = payment.get("error") or {}
        messages.error(
            request, message_for(str(error.get("code", "")), str(error.get("message", "")))
        )
        return redirect("payments:order-payment", number=order.number)
    action = payment.get("next_action") or {}
    if action.get("type") == "redirect" and action.get("url"):
        return redirect(action["url"])
    messages.success(request, _("Thank you! Your order has been placed."))
    return redirect("storefront:order", number=order.number)
