"""Storefront pages: thin views over storefront selectors (reads) and other apps' services."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from globalmarket.core.errors import NotFound

from . import selectors
from .context_processors import COUNTRY_COOKIE
from .forms import CountryForm, ProductFilterForm

PAGE_SIZE = 24


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def home(request: HttpRequest) -> HttpResponse:
    context = {
        **selectors.home_products(),
        "categories": selectors.nav_categories(),
    }
    return render(request, "storefront/home.html", context)


def _listing(request: HttpRequest, *, category: object | None, template: str, extra: dict) -> HttpResponse:
    brands = selectors.brands_in(category=category)  # type: ignore[arg-type]
    form = ProductFilterForm(request.GET or None, brands=[(b.slug, b.name) for b in brands])
    q = request.GET.get("q", "").strip()
    products = selectors.product_list(category=category, filters=form.filters(q))  # type: ignore[arg-type]
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "products": page.object_list, "q": q, **extra}
    return render(request, template, context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.category_by_slug(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    extra = {
        "category": found,
        "ancestors": selectors.category_ancestors(found),
        "children": selectors.category_children(found),
    }
    return _listing(request, category=found, template="storefront/category.html", extra=extra)


def search(request: HttpRequest) -> HttpResponse:
    return _listing(request, category=None, template="storefront/search.html", extra={})


def product(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.product_by_slug(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    variants = list(found.variants.all())
    chosen = next((v for v in variants if str(v.pk) == request.GET.get("variant")), None)
    chosen = chosen or next((v for v in variants if v.stock > 0), None) or (variants[0] if variants else None)
    images = list(found.images.all())
    image = next((i for i in images if str(i.pk) == request.GET.get("image")), images[0] if images else None)
    country = selectors.shopper_country(request.COOKIES.get(COUNTRY_COOKIE))
    context = {
        "product": found,
        "variants": variants,
        "variant": chosen,
        "images": images,
        "image": image,
        "shipping": selectors.shipping_quote(found, country),
        "ancestors": [*selectors.category_ancestors(found.category), found.category],
        "add_to_cart_url": _url_or_none("cart:add"),
    }
    return render(request, "storefront/product.html", context)


@require_POST
def set_country(request: HttpRequest) -> HttpResponse:
    form = CountryForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    if form.is_valid():
        country = form.cleaned_data["country"].upper()
        if country in request.tenant.countries:  # type: ignore[attr-defined]
            response.set_cookie(COUNTRY_COOKIE, country, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/account.html", {"orders_url": _url_or_none("orders:list")})
