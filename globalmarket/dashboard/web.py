"""Vendor dashboard pages (mounted at /vendor/): thin views over vendor, catalog and order services.

Every page acts for one vendor the user belongs to (chosen with ?vendor=<slug>, kept in the
session) and checks the role's permission there. Another vendor's order is "not found".
"""

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm
from globalmarket.core.errors import ApplicationError, NotFound
from globalmarket.core.formats import local_date, money
from globalmarket.core.labels import status_label
from globalmarket.core.money import quantize
from globalmarket.orders import selectors as order_selectors
from globalmarket.orders import services as order_services
from globalmarket.orders.access import vendor_order_for_vendor
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
            if request.session.get(SESSION_KEY) != membership.vendor.slug:
                request.session[SESSION_KEY] = membership.vendor.slug  # a write only on a switch
            if perm is not None and not has_perm(request.user, perm, vendor_role=membership.role):
                raise PermissionDenied
            request.vendor = membership.vendor  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            request.memberships = memberships  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _vendor(request: HttpRequest) -> Any:
    """The vendor `vendor_page` resolved for this request."""
    return request.vendor  # type: ignore[attr-defined]


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], section: str, status: int = 200
) -> HttpResponse:
    base = {"vendor": _vendor(request), "membership": request.membership,  # type: ignore[attr-defined]
            "memberships": request.memberships, "section": section}  # type: ignore[attr-defined]  # fmt: skip
    return render(request, template, {**base, **context}, status=status)


@vendor_page()
def home(request: HttpRequest) -> HttpResponse:
    vendor = _vendor(request)
    data = selectors.overview(vendor)
    currency = request.tenant.default_currency  # type: ignore[attr-defined]
    chart = charts.bar_chart(
        [d.revenue for d in data.days],
        [local_date(d.day, "d MMM") for d in data.days],
        title=_("Sales of the last 30 days"),
        value_labels=[money(d.revenue, currency) for d in data.days],
    )
    return _render(
        request, "dashboard/home.html", {"data": data, "chart": chart, "currency": currency}, "home"
    )


@vendor_page(Perm.VENDOR_ORDERS)
def orders(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in VendorOrder.Status.values:
        status = ""
    page = Paginator(
        order_selectors.vendor_orders_of(_vendor(request), status=status), 25
    ).get_page(request.GET.get("page"))
    return _render(request, "dashboard/orders.html",
                   {"page": page, "status": status, "statuses": [(v, status_label(v)) for v in VendorOrder.Status.values]}, "orders")  # fmt: skip


def _vendor_order(request: HttpRequest, number: str) -> VendorOrder:
    """One of the acting vendor's orders (orders.access): another vendor's is "not found"."""
    try:
        return vendor_order_for_vendor(_vendor(request), number)
    except NotFound as exc:
        raise Http404 from exc


def _order_page(request: HttpRequest, vendor_order: VendorOrder, status: int = 200,
                **forms_given: Any) -> HttpResponse:  # fmt: skip
    """The order page; its timeline is the API's (internal e-mail records left out)."""
    context = {
        "vo": vendor_order,
        "events": order_selectors.order_events(vendor_order.order, vendor_order=vendor_order),
        "ship_form": forms.ShipForm(),
        "reject_form": forms.RejectForm(),
        **forms_given,
    }
    return _render(request, "dashboard/order_detail.html", context, "orders", status=status)


@vendor_page(Perm.VENDOR_ORDERS)
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _order_page(request, _vendor_order(request, number))


ACTIONS = {"accept": "accepted", "reject": "rejected", "ship": "shipped", "deliver": "delivered"}


@require_POST
@vendor_page(Perm.VENDOR_ORDERS)
def order_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    vendor_order = _vendor_order(request, number)
    kwargs: dict[str, Any] = {}
    form: Any = None
    if action == "ship":
        form = forms.ShipForm(request.POST)
    elif action == "reject":
        form = forms.RejectForm(request.POST)
    if form is not None and not form.is_valid():
        return _order_page(request, vendor_order, status=400, **{f"{action}_form": form})
    if form is not None:
        kwargs = form.service_kwargs()
    try:
        order_services.vendor_order_transition(vendor_order=vendor_order, target=ACTIONS[action],
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
    qs = selectors.vendor_products(_vendor(request), q=q, status=status)  # type: ignore[attr-defined]
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "new_product_url": reverse("dashboard:product_new"),
    }
    return _render(request, "dashboard/products.html", context, "products")


@vendor_page(Perm.VENDOR_FINANCE)
def finance(request: HttpRequest) -> HttpResponse:
    """Balance from the ledger (negative: the vendor owes, e.g. commission on cash on delivery)."""
    from globalmarket.ledger import selectors as ledger_selectors

    vendor = _vendor(request)
    currency = request.tenant.default_currency  # type: ignore[attr-defined]
    balances = ledger_selectors.vendor_balances(vendor.pk) or {currency: Decimal(0)}
    payouts = selectors.recent_payouts(vendor)
    transactions = ledger_selectors.transactions_list(vendor_id=vendor.pk)[:20]
    context = {
        "balances": sorted(balances.items()),
        "payouts": payouts,
        "transactions": transactions,
    }
    return _render(request, "dashboard/finance.html", context, "finance")


@vendor_page(Perm.VENDOR_TEAM)
def team(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "dashboard/team.html", {"members": selectors.team(_vendor(request))}, "team"
    )  # type: ignore[attr-defined]


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    from globalmarket.storefront.context_processors import site
    from globalmarket.vendors.services import vendor_apply

    form = forms.ApplyForm(request.POST or None, countries=site(request)["site_countries"],
                           initial={"contact_email": request.user.email})  # type: ignore[union-attr]  # fmt: skip
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                vendor_apply(user=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, _("Thank you! Staff will review your application shortly.")
                )
                return redirect("dashboard:home")
    return render(request, "dashboard/apply.html", {"form": form}, status=status)


def _product_form(
    request: HttpRequest, *, editing: bool, initial: dict[str, Any] | None = None
) -> forms.ProductForm:
    from django.conf import settings

    from globalmarket.catalog.i18n import translated
    from globalmarket.catalog.models import Category

    names = dict(settings.LANGUAGES)
    tenant = request.tenant  # type: ignore[attr-defined]
    categories = [
        (c.slug, translated(c.name))
        for c in Category.objects.filter(is_active=True).order_by("path")
    ]
    return forms.ProductForm(request.POST or None, request.FILES or None, initial=initial, editing=editing,
                             languages=[(c, names.get(c, c)) for c in tenant.languages], categories=categories)  # fmt: skip


@vendor_page(Perm.VENDOR_CATALOG)
def product_new(request: HttpRequest) -> HttpResponse:
    from globalmarket.catalog import services as catalog_services
    from globalmarket.catalog.services_images import image_add

    form = _product_form(request, editing=False)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                data = {**form.service_data(), "stock": form.cleaned_data["stock"]}
                product = catalog_services.product_create(
                    vendor=_vendor(request), data=data, actor=request.user
                )  # type: ignore[attr-defined]
                if form.cleaned_data.get("image"):
                    image_add(product=product, file=form.cleaned_data["image"], actor=request.user)
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The product has been saved as a draft."))
                return redirect("dashboard:product", product_id=product.pk)
    return _render(
        request,
        "dashboard/product_form.html",
        {"form": form, "product": None},
        "products",
        status=status,
    )


def _posted_variant(request: HttpRequest, product: Any) -> Any:
    """The product's variant named by the POSTed `variant` id; another product's is "not found"."""
    variant = product.variants.filter(pk=request.POST.get("variant") or 0).first()
    if variant is None:
        raise Http404
    return variant


@vendor_page(Perm.VENDOR_CATALOG)
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    from globalmarket.catalog import services as catalog_services
    from globalmarket.catalog.access import product_of_vendor
    from globalmarket.catalog.services_images import image_add

    try:
        product = product_of_vendor(vendor=_vendor(request), product_id=product_id)  # type: ignore[attr-defined]
    except ApplicationError as exc:
        raise Http404 from exc
    compare_at = product.compare_at_price
    initial: dict[str, Any] = {
        "category": product.category.slug,
        "price": quantize(product.price, product.currency),
        "compare_at_price": quantize(compare_at, product.currency)
        if compare_at is not None
        else None,
    }
    for code, text in (product.name or {}).items():
        initial[f"name_{code}"] = text
    for code, text in (product.description or {}).items():
        initial[f"description_{code}"] = text
    form = _product_form(request, editing=True, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                catalog_services.product_publish(product=product, actor=request.user)
                messages.success(request, _("The product is published."))
                return redirect("dashboard:product", product_id=product.pk)
            if action == "stock":
                catalog_services.variant_stock_set(
                    variant=_posted_variant(request, product),
                    stock=request.POST.get("stock", ""),
                    actor=request.user,
                )
                messages.success(request, _("Stock updated."))
                return redirect("dashboard:product", product_id=product.pk)
            if action == "variant_add":
                catalog_services.variant_create(
                    product=product,
                    data={
                        "sku": request.POST.get("sku", ""),
                        "name": request.POST.get("option_name", ""),
                        "value": request.POST.get("option_value", ""),
                        "price_modifier": request.POST.get("price_modifier") or "0",
                        "stock": request.POST.get("stock") or "0",
                    },
                    actor=request.user,
                )
                messages.success(request, _("Variant added."))
                return redirect("dashboard:product", product_id=product.pk)
            if action == "variant_delete":
                catalog_services.variant_delete(
                    variant=_posted_variant(request, product), actor=request.user
                )
                messages.success(request, _("Variant removed."))
                return redirect("dashboard:product", product_id=product.pk)
            if form.is_valid():
                catalog_services.product_update(
                    product=product, data=form.service_data(), actor=request.user
                )
                if form.cleaned_data.get("image"):
                    image_add(product=product, file=form.cleaned_data["image"], actor=request.user)
                messages.success(request, _("The product has been saved."))
                return redirect("dashboard:product", product_id=product.pk)
        except ApplicationError as exc:
            if action == "save":
                form.add_service_error(exc)
            else:
                details = [e["message"] for errors in exc.fields.values() for e in errors]
                messages.error(request, " ".join([exc.message, *details]))
                return redirect("dashboard:product", product_id=product.pk)
    context = {
        "form": form,
        "product": product,
        "variants": product.variants.all(),
        "images": product.images.all(),
    }
    return _render(request, "dashboard/product_form.html", context, "products", status=status)
