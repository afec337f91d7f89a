"""Vendor dashboard pages (mounted at /vendor/): thin views over vendor, catalog and order services.

Every page acts for one vendor the user belongs to (chosen with ?vendor=<slug>, kept in the
session) and checks the role's permission there. Another vendor's order is "not found".
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import ApplicationError
from globalmarket.core.formats import local_date, money
from globalmarket.orders.models import VendorOrder

from . import charts, forms, selectors

SESSION_KEY = "dashboard_vendor"
View = Callable[..., HttpResponse]


def vendor_page(perm: Perm | None = None) -> Callable[[View], View]:
    """Resolve the acting vendor and check `perm` for the user's role there."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            memberships = selectors.memberships(request.user)
            if not memberships:
                return redirect("dashboard:apply")
            by_slug = {m.vendor.slug: m for m in memberships}
            membership = (by_slug.get(request.GET.get("vendor", ""))
                          or by_slug.get(request.session.get(SESSION_KEY, ""))
                          or memberships[0])  # fmt: skip
            request.session[SESSION_KEY] = membership.vendor.slug
            if perm is not None and not has_perm(request.user, perm, vendor_role=membership.role):
                raise PermissionDenied
            request.vendor = membership.vendor  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            request.memberships = memberships  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _render(request: HttpRequest, template: str, context: dict[str, Any], section: str, status: int = 200) -> HttpResponse:
    base = {"vendor": request.vendor, "membership": request.membership,  # type: ignore[attr-defined]
            "memberships": request.memberships, "section": section}  # type: ignore[attr-defined]  # fmt: skip
    return render(request, template, {**base, **context}, status=status)


@vendor_page()
def home(request: HttpRequest) -> HttpResponse:
    vendor = request.vendor  # type: ignore[attr-defined]
    data = selectors.overview(vendor)
    currency = request.tenant.default_currency  # type: ignore[attr-defined]
    chart = charts.bar_chart(
        [d.revenue for d in data.days],
        [local_date(d.day, "d MMM") for d in data.days],
        title=_("Sales of the last 30 days"),
        value_labels=[money(d.revenue, currency) for d in data.days],
    )
    return _render(request, "dashboard/home.html", {"data": data, "chart": chart, "currency": currency}, "home")


@vendor_page(Perm.VENDOR_ORDERS)
def orders(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in VendorOrder.Status.values:
        status = ""
    page = Paginator(selectors.vendor_orders(request.vendor, status=status), 25).get_page(request.GET.get("page"))  # type: ignore[attr-defined]
    return _render(request, "dashboard/orders.html",
                   {"page": page, "status": status, "statuses": VendorOrder.Status.choices}, "orders")  # fmt: skip


@vendor_page(Perm.VENDOR_ORDERS)
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    vendor_order = selectors.vendor_order(request.vendor, number)  # type: ignore[attr-defined]
    if vendor_order is None:
        raise Http404
    return _render(request, "dashboard/order_detail.html",
                   {"vo": vendor_order, "ship_form": forms.ShipForm(), "reject_form": forms.RejectForm()},
                   "orders")  # fmt: skip


ACTIONS = {"accept": "accepted", "reject": "rejected", "ship": "shipped", "deliver": "delivered"}


@require_POST
@vendor_page(Perm.VENDOR_ORDERS)
def order_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    vendor_order = selectors.vendor_order(request.vendor, number)  # type: ignore[attr-defined]
    if vendor_order is None or action not in ACTIONS:
        raise Http404
    kwargs: dict[str, Any] = {}
    form: Any = None
    if action == "ship":
        form = forms.ShipForm(request.POST)
    elif action == "reject":
        form = forms.RejectForm(request.POST)
    if form is not None and not form.is_valid():
        context = {"vo": vendor_order, "ship_form": forms.ShipForm(), "reject_form": forms.RejectForm(),
                   f"{action}_form": form}  # fmt: skip
        return _render(request, "dashboard/order_detail.html", context, "orders", status=400)
    if form is not None:
        kwargs = form.service_kwargs()
    from globalmarket.orders import services

    try:
        services.vendor_order_transition(vendor_order=vendor_order, target=ACTIONS[action],  # type: ignore[attr-defined]
                                         actor=request.user, role="vendor", **kwargs)  # fmt: skip
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, forms.ACTION_DONE[action])
    return redirect("dashboard:order", number=number)


@vendor_page(Perm.VENDOR_CATALOG)
def products(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    qs = selectors.vendor_products(request.vendor, q=q, status=status)  # type: ignore[attr-defined]
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return _render(request, "dashboard/products.html", {"page": page, "q": q, "status": status}, "products")


@vendor_page(Perm.VENDOR_TEAM)
def team(request: HttpRequest) -> HttpResponse:
    return _render(request, "dashboard/team.html", {"members": selectors.team(request.vendor)}, "team")  # type: ignore[attr-defined]


def apply(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/apply.html", {})
