"""The search results page (/search/?q=) — works without JavaScript; autocomplete enhances it."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from globalmarket.core.errors import ApplicationError

from . import selectors
from .api import SearchInput
from .backends.base import SORTS

FILTER_KEYS = ["q", "category", "brand", "vendor", "min_price", "max_price", "country",
               "in_stock", "on_sale", "rating_min", "sort", "page_size"]  # fmt: skip


def product_url(slug: str) -> str:
    try:
        return reverse("storefront:product", kwargs={"slug": slug})
    except NoReverseMatch:
        return f"/p/{slug}/"


def _link(current: dict[str, str], **changes: Any) -> str:
    params = {k: v for k, v in current.items() if v not in ("", None)}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    if "page" not in changes:
        params.pop("page", None)
    return "?" + urlencode(params)


def search_page(request: HttpRequest) -> HttpResponse:
    current = {k: request.GET.get(k, "") for k in FILTER_KEYS if request.GET.get(k, "")}
    if request.GET.get("page"):
        current["page"] = request.GET["page"]
    form = SearchInput(data=request.GET)
    context: dict[str, Any] = {"q": request.GET.get("q", "")[:200], "current": current, "errors": None,
                               "sorts": _sort_labels(), "sort": request.GET.get("sort", "relevance")}  # fmt: skip
    status = 200
    if not form.is_valid():
        context["errors"] = [
            f"{field}: {' '.join(str(e) for e in errs)}" for field, errs in form.errors.items()
        ]
        status = 400
    else:
        v = form.validated_data
        try:
            page = selectors.product_search(query=v["q"], data=v, sort=v["sort"], page=v["page"],
                                            page_size=v["page_size"],
                                            country=v.get("country") or selectors.cookie_country(request))  # fmt: skip
        except ApplicationError as exc:
            context["errors"] = [exc.message]
            status = 400
        else:
            context.update(_page_context(page, current))
            context["searched"] = bool(v["q"].strip())
    return render(request, "search/results.html", context, status=status)


def _sort_labels() -> list[tuple[str, str]]:
    labels = {"relevance": _("Relevance"), "price": _("Price: low to high"),
              "-price": _("Price: high to low"), "newest": _("Newest"), "rating": _("Best rated")}  # fmt: skip
    return [(key, labels[key]) for key in SORTS]


def _page_context(page: selectors.SearchPage, current: dict[str, str]) -> dict[str, Any]:
    r = page.results
    cards = []
    for product in page.products:
        card = selectors.product_card(product, page.language)
        card["url"] = product_url(product.slug)
        cards.append(card)
    facets = r.facets
    groups = []
    for key, title in (("category", _("Category")), ("brand", _("Brand")), ("vendor", _("Seller"))):
        items = [{"label": f["name"], "count": f["count"], "url": _link(current, **{key: f["id"]}),
                  "active": current.get(key) == str(f["id"])} for f in facets[key]]  # fmt: skip
        if items:
            groups.append({"title": title, "items": items, "clear": _link(current, **{key: None})})
    prices = [{"label": f"{b['min']}\u2013{b['max']}" if b["max"] else f"{b['min']}+", "count": b["count"],
               "url": _link(current, min_price=b["min"], max_price=b["max"]),
               "active": current.get("min_price") == b["min"]} for b in facets["price"]]  # fmt: skip
    if prices:
        groups.append(
            {
                "title": _("Price"),
                "items": prices,
                "clear": _link(current, min_price=None, max_price=None),
            }
        )
    ratings = [{"label": _("%(stars)s stars & up") % {"stars": b["min"]}, "count": b["count"],
                "url": _link(current, rating_min=b["min"]), "active": current.get("rating_min") == str(b["min"])}
               for b in facets["rating"]]  # fmt: skip
    if ratings:
        groups.append(
            {"title": _("Rating"), "items": ratings, "clear": _link(current, rating_min=None)}
        )
    return {
        "results": cards,
        "count": r.total,
        "did_you_mean": r.did_you_mean,
        "did_you_mean_url": _link(current, q=r.did_you_mean) if r.did_you_mean else None,
        "groups": groups,
        "page": page.page,
        "last_page": page.last_page,
        "next_url": _link(current, page=page.next_page) if page.next_page else None,
        "previous_url": _link(current, page=page.previous_page) if page.previous_page else None,
    }
