"""Public catalog: product list and detail, category tree. Cached per tenant, language, country."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from globalmarket.core.errors import NotFound
from globalmarket.core.http import cached_json_response, json_bytes
from globalmarket.core.pagination import PageNumberPagination
from globalmarket.core.query_input import QueryInput
from globalmarket.core.schema import component_names
from globalmarket.core.shared_cache import SharedCache, handled_by_shared_cache
from globalmarket.tenancy.context import require_tenant

from .. import selectors
from ..cache import VERSION_KEY, cached_response, request_catalog_version
from ..errors import CatalogError
from ..i18n import active_language
from ..inputs import invalid
from ..rows import product_row
from .fragments import page_bytes, rendered_products
from .output import CategoryOut, ProductOut, category_node_out, product_out


def _country(request: Request) -> str | None:
    country = (request.query_params.get("country") or "").strip().upper()
    if not country:
        return None
    if country not in require_tenant().countries:
        raise invalid("country", CatalogError.UNKNOWN_COUNTRY, "Not a country of this region.")
    return country


# The query parameters of a product detail (the list's come from its Input serializer).
DETAIL_PARAMS = frozenset({"country", "lang"})


def _params(request: Request, known: frozenset[str] = DETAIL_PARAMS) -> dict[str, str]:
    """The query parameters that shape the response (unknown ones cannot fill the cache)."""
    params = {k: str(v) for k, v in request.query_params.items() if k in known}
    return {**params, "_host": request.get_host()}


class ProductListApi(APIView):
    authentication_classes: list[Any] = []
    # Set below the class, from Input's fields.
    shared_cache: SharedCache

    class Input(QueryInput):
        category = serializers.SlugField(required=False)
        brand = serializers.SlugField(required=False)
        vendor = serializers.SlugField(required=False)
        min_price = serializers.DecimalField(
            max_digits=15, decimal_places=3, min_value=0, required=False
        )
        max_price = serializers.DecimalField(
            max_digits=15, decimal_places=3, min_value=0, required=False
        )
        country = serializers.CharField(required=False, max_length=2)
        in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
        on_sale = serializers.BooleanField(required=False, allow_null=True, default=None)
        featured = serializers.BooleanField(required=False, allow_null=True, default=None)
        ordering = serializers.ChoiceField(
            choices=list(selectors.ORDERINGS), required=False, default="newest"
        )
        page = serializers.IntegerField(required=False, min_value=1)
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)
        lang = serializers.CharField(required=False)

    @extend_schema(
        operation_id="products_list",
        parameters=[Input],
        responses=inline_serializer(
            "ProductPage",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": ProductOut(many=True),
            },
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        country = _country(request)
        language = active_language()

        def build() -> bytes:
            # Validated on a miss only: a query that fails validation is never cached, so a
            # hit always stands for a valid one.
            params = self.Input(data=request.query_params)
            params.is_valid(raise_exception=True)
            data = {
                k: v
                for k, v in params.validated_data.items()
                if k not in {"page", "page_size", "lang"}
            }
            data["country"] = country
            filters = selectors.ProductFilters(**data)
            # The total depends on the filters only (not on page or ordering): cached apart.
            count_params = {k: str(v) for k, v in data.items() if k != "ordering"}
            count, _ = cached_response(
                "count",
                country=country or "",
                params=count_params,
                build=lambda: selectors.product_count(filters),
                single_flight=True,
            )
            paginator = PageNumberPagination()
            page_ids: Any = selectors.ProductPageIds(filters, count)  # a sequence, sliced
            ids: list[int] = paginator.paginate_queryset(page_ids, request, view=self) or []
            # Each product rendered once per catalog version, shared by every page (ADR 0156);
            # the version is read before the products' rows are.
            version = request_catalog_version(request)
            results = rendered_products(ids, language=language, country=country, version=version)
            return page_bytes(paginator.get_paginated_response([]).data, results)

        return cached_json_response(
            *cached_response(
                "list",
                country=country or "",
                params=_params(request, LIST_PARAMS),
                build=build,
                bypass=handled_by_shared_cache(request),
            )
        )


LIST_PARAMS = frozenset(ProductListApi.Input().fields)
ProductListApi.shared_cache = SharedCache(versions=(VERSION_KEY,), params=LIST_PARAMS)


class ProductDetailApi(APIView):
    authentication_classes: list[Any] = []
    shared_cache = SharedCache(versions=(VERSION_KEY,), params=DETAIL_PARAMS)

    @extend_schema(responses=ProductOut)
    def get(self, request: Request, slug: str) -> HttpResponse:
        country = _country(request)
        language = active_language()
        params = {"slug": slug, **_params(request)}

        def build() -> Any:
            row = product_row(slug=slug, country=country)
            if row is None:
                raise NotFound("Product not found.", code=CatalogError.PRODUCT_NOT_FOUND)
            return product_out(row, language=language, country=country)

        return cached_json_response(
            *cached_response(
                "detail",
                country=country or "",
                params=params,
                build=json_bytes(build),
                bypass=handled_by_shared_cache(request),
            )
        )


class CategoryListApi(APIView):
    authentication_classes: list[Any] = []
    shared_cache = SharedCache(versions=(VERSION_KEY,))

    @extend_schema(responses=CategoryOut(many=True))
    def get(self, request: Request) -> HttpResponse:
        language = active_language()

        def build() -> Any:
            return [category_node_out(node, language) for node in selectors.category_tree()]

        return cached_json_response(
            *cached_response(
                "categories",
                country="",
                params={},
                build=json_bytes(build),
                bypass=handled_by_shared_cache(request),
            )
        )


component_names(ProductListApi)
