"""Storefront pages: thin views over catalog and storefront selectors (reads) and other apps' services."""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from globalmarket.catalog import selectors as catalog_selectors
from globalmarket.catalog.cache import catalog_version
from globalmarket.catalog.models import Category
from globalmarket.core.errors import NotFound

from . import selectors
from .context_processors import COUNTRY_COOKIE
from .forms import CountryForm, ProductFilterForm

PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    # Product lists are read lazily: a cached fragment (storefront/home.html) skips the queries.
    context = {
        "products": SimpleLazyObject(selectors.home_products),
        "categories": selectors.nav_categories(),
        "cache_seconds": settings.STOREFRONT_CACHE_SECONDS,
        "catalog_version": catalog_version(),
    }
    return render(request, "storefront/home.html", context)


class Listing:
    """A filtered, sorted page of products, computed only when a template asks for it."""

    def __init__(self, request: HttpRequest, category: Category | None) -> None:
        self.request = request
        self.category = category
        self.q = request.GET.get("q", "").strip()[:200]

    @cached_property
    def form(self) -> ProductFilterForm:
        brands = selectors.brands_in(category=self.category)
        return ProductFilterForm(
            self.request.GET or None, brands=[(b.slug, b.name) for b in brands]
        )

    @cached_property
    def page(self) -> Page:
        products = selectors.product_list(category=self.category, filters=self.form.filters(self.q))
        return Paginator(products, PAGE_SIZE).get_page(self.request.GET.get("page"))


def _listing(
    request: HttpRequest, *, category: Category | None, template: str, extra: dict[str, Any]
) -> HttpResponse:
    listing = Listing(request, category)
    context = {
        "listing": listing,
        "q": listing.q,
        "cache_key": request.get_full_path(),
        "cache_seconds": settings.STOREFRONT_CACHE_SECONDS,
        "catalog_version": catalog_version(),
        **extra,
    }
    return render(request, template, context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = catalog_selectors.category_by_slug(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    extra = {
        "category": found,
        "ancestors": SimpleLazyObject(lambda: catalog_selectors.category_ancestors(found)),
        "children": SimpleLazyObject(lambda: catalog_selectors.category_children(found)),
    }
    return _listing(request, category=found, template="storefront/category.html", extra=extra)


def product(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = catalog_selectors.product_detail(slug=slug, full_row=True)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    variants = list(found.variants.all())
    chosen = next((v for v in variants if str(v.pk) == request.GET.get("variant")), None)
    chosen = (
        chosen
        or next((v for v in variants if v.stock > 0), None)
        or (variants[0] if variants else None)
    )
    images = list(found.images.all())
    image = next(
        (i for i in images if str(i.pk) == request.GET.get("image")), images[0] if images else None
    )
    country = selectors.shopper_country(request.COOKIES.get(COUNTRY_COOKIE))
    context = {
        "product": found,
        "variants": variants,
        "variant": chosen,
        "images": images,
        "image": image,
        "shipping": selectors.shipping_quote(found, country),
        "ancestors": [*catalog_selectors.category_ancestors(found.category), found.category],
        "add_to_cart_url": reverse("storefront:cart_add"),
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
    return render(request, "storefront/account.html", {})
