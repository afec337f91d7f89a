"""The sandbox provider's hosted TEST MODE page (stands in for a provider's own site)."""

import contextlib

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from globalmarket.core.errors import ApplicationError, NotFound
from globalmarket.core.money import from_minor_units
from globalmarket.orders.access import order_for_customer
from globalmarket.orders.models import Order

from .models import Payment, SandboxCharge
from .order_payments import order_payment_start
from .sandbox import sandbox_act
from .services import payment_sync

# Checkout may list a guest's order numbers in the session under this key.
GUEST_ORDERS_SESSION_KEY = "gm_guest_orders"
WAITING = {"pending", "requires_action", "authorized"}
RETRYABLE = {"failed", "cancelled", "requires_action", "pending"}


@require_http_methods(["GET", "POST"])
def sandbox_page(request: HttpRequest, charge_id: str) -> HttpResponse:
    charge = SandboxCharge.objects.filter(public_id=charge_id).first()
    if charge is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            charge = sandbox_act(charge=charge, action=str(request.POST.get("action", "")))
        except ApplicationError as exc:
            error = exc.message
        else:
            if charge.status != SandboxCharge.Status.CHALLENGE and charge.return_url:
                return redirect(charge.return_url)
            return redirect(request.path)
    context = {"charge": charge, "amount": from_minor_units(charge.amount_minor, charge.currency),
               "error": error}  # fmt: skip
    response = render(request, "payments/sandbox.html", context, status=400 if error else 200)
    response["X-Robots-Tag"] = "noindex"
    return response


def _order_for_page(request: HttpRequest, number: str) -> Order:
    order: Order | None = None
    with contextlib.suppress(NotFound):
        order = order_for_customer(request.user, number, parts=False)
    if order is None and number in request.session.get(GUEST_ORDERS_SESSION_KEY, []):
        order = Order.objects.filter(number=number).first()
    if order is None:
        raise Http404
    return order


@require_http_methods(["GET", "POST"])
def order_payment_page(request: HttpRequest, number: str) -> HttpResponse:
    """Where the shopper lands after paying: the payment's real state, from the provider."""
    order = _order_for_page(request, number)
    payment = Payment.objects.filter(order=order).first()
    error = ""
    if request.method == "POST" and payment is not None and payment.status in RETRYABLE:
        try:
            started = order_payment_start(order=order)
        except ApplicationError as exc:
            error = exc.message
        else:
            if started.redirect_url:
                return redirect(started.redirect_url)
            return redirect(request.path)
    waiting = payment is not None and payment.status in WAITING and payment.provider != "cod"
    # The browser's arrival proves nothing; ask the provider (at most every few seconds).
    if payment is not None and waiting and cache.add(f"payments:sync:{payment.pk}", 1, timeout=3):
        payment = payment_sync(payment=payment)
    attempt = payment.attempts.order_by("-created_at", "-id").first() if payment else None
    order.refresh_from_db()
    context = {"order": order, "payment": payment, "attempt": attempt, "error": error,
               "waiting": payment is not None and payment.status in WAITING,
               "retryable": payment is not None and payment.status in RETRYABLE}  # fmt: skip
    return render(request, "payments/order_payment.html", context)
