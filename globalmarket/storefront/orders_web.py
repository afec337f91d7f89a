"""The customer's orders: list, detail with each vendor's part, timeline and tracking links."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from globalmarket.cart import selectors as cart_selectors
from globalmarket.cart import services as cart_services
from globalmarket.cart.addresses import BASE_REQUIRED
from globalmarket.core.errors import ApplicationError, NotFound
from globalmarket.orders import selectors as order_selectors
from globalmarket.orders import services as order_services
from globalmarket.orders.access import order_for_customer
from globalmarket.payments.models import Payment

from .errors import apply_service_errors, message_for
from .forms import AddressFields


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why are you returning it?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    page = Paginator(order_selectors.orders_of_customer(request.user), 10).get_page(
        request.GET.get("page")
    )
    return render(request, "storefront/orders.html", {"page": page})


@login_required
def order(request: HttpRequest, number: str) -> HttpResponse:
    try:
        found = order_for_customer(request.user, number)
    except NotFound as exc:
        raise Http404 from exc
    context = {
        "order": found,
        "events": order_selectors.order_events(found),
        "payment": Payment.objects.filter(order=found).first(),
        "return_form": ReturnForm(),
    }
    return render(request, "storefront/order.html", context)


@require_POST
@login_required
def order_return(request: HttpRequest, number: str) -> HttpResponse:
    try:
        found = order_for_customer(request.user, number)
    except NotFound as exc:
        raise Http404 from exc
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell us why you are returning it."))
    else:
        try:
            order_services.order_request_return(
                order=found, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            messages.error(request, message_for(str(exc.code), exc.message))
        else:
            messages.success(request, _("Your return request has been sent to the seller."))
    return redirect("storefront:order", number=number)


class AddressForm(AddressFields):
    field_order = ["label"]
    label = forms.CharField(label=gettext_lazy("Label (optional)"), max_length=60, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in BASE_REQUIRED:  # what every country requires, checked before the service
            self.fields[name].required = True


@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    from .context_processors import site

    form = AddressForm(request.POST or None, countries=site(request)["site_countries"])
    status = 200
    if request.method == "POST":
        status = 400
        if "delete" in request.POST:
            address = (
                cart_selectors.addresses_of(request.user)
                .filter(pk=request.POST.get("delete") or 0)
                .first()
            )
            if address is None:
                raise Http404
            cart_services.address_delete(address=address)
            messages.success(request, _("The address has been removed."))
            return redirect("storefront:addresses")
        if form.is_valid():
            try:
                cart_services.address_create(user=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The address has been saved."))
                return redirect("storefront:addresses")
    context = {"form": form, "addresses": cart_selectors.addresses_of(request.user)}
    return render(request, "storefront/addresses.html", context, status=status)
