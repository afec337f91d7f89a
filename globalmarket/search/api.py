"""GET /api/v1/search/ and GET /api/v1/search/suggest/ (public, read-only).

Whole responses are cached by the shared cache (core.shared_cache, ADR 0153) before the
middleware stack; requests it leaves to the stack (with a session cookie) use the rendered
JSON cache of search/cache.py. A hit is one Redis round trip and no database work.
"""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from globalmarket.catalog.cache import VERSION_KEY as CATALOG_VERSION_KEY
from globalmarket.core.http import cached_json_response, json_bytes
from globalmarket.core.query_input import QueryInput
from globalmarket.core.schema import component_names
from globalmarket.core.shared_cache import SharedCache, handled_by_shared_cache

from . import selectors
from .backends.base import SORTS
from .cache import INDEX_VERSION_KEY, cached_search_response
from .normalize import MAX_QUERY_CHARS


class SearchInput(QueryInput):
    q = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000, trim_whitespace=True
    )
    category = serializers.CharField(required=False, allow_blank=True, max_length=120)
    brand = serializers.CharField(required=False, allow_blank=True, max_length=120)
    vendor = serializers.CharField(required=False, allow_blank=True, max_length=120)
    min_price = serializers.DecimalField(
        required=False, max_digits=15, decimal_places=3, min_value=0
    )
    max_price = serializers.DecimalField(
        required=False, max_digits=15, decimal_places=3, min_value=0
    )
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)
    in_stock = serializers.BooleanField(required=False, default=False)
    on_sale = serializers.BooleanField(required=False, default=False)
    rating_min = serializers.DecimalField(
        required=False, max_digits=3, decimal_places=2, min_value=0, max_value=5
    )
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="relevance")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=500)
    page_size = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)


class Ref(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class ProductCard(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    price = serializers.CharField()
    compare_at_price = serializers.CharField(allow_null=True)
    currency = serializers.CharField()
    vendor = Ref()
    brand = Ref(allow_null=True)
    category = Ref()
    image = serializers.CharField(allow_null=True)
    rating = inline_serializer(
        "SearchRating", {"average": serializers.CharField(), "count": serializers.IntegerField()}
    )


class FacetValue(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class PriceBucket(serializers.Serializer):
    min = serializers.CharField()
    max = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()


class RatingBucket(serializers.Serializer):
    min = serializers.IntegerField()
    count = serializers.IntegerField()


class Facets(serializers.Serializer):
    category = FacetValue(many=True)
    brand = FacetValue(many=True)
    vendor = FacetValue(many=True)
    price = PriceBucket(many=True)
    rating = RatingBucket(many=True)


class SearchOutput(serializers.Serializer):
    query = serializers.CharField()
    did_you_mean = serializers.CharField(allow_null=True)
    language = serializers.CharField()
    country = serializers.CharField()
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.IntegerField(allow_null=True, help_text="Next page number")
    previous = serializers.IntegerField(allow_null=True)
    results = ProductCard(many=True)
    facets = Facets()


def search_payload(page: selectors.SearchPage, query: str) -> dict[str, Any]:
    r = page.results
    return {
        "query": query,
        "did_you_mean": r.did_you_mean,
        "language": page.language,
        "country": page.country,
        "count": r.total,
        "page": page.page,
        "page_size": page.page_size,
        "next": page.next_page,
        "previous": page.previous_page,
        "results": [selectors.product_card(p, page.language) for p in page.products],
        "facets": r.facets,
    }


# Everything a search response depends on besides tenant, language and country: every
# parameter, so a new one cannot be left out of the key.
SEARCH_KEY_FIELDS = [name for name in SearchInput().fields if name != "country"]


class SearchApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    Input = SearchInput
    shared_cache = SharedCache(
        versions=(CATALOG_VERSION_KEY, INDEX_VERSION_KEY),
        params=frozenset(SearchInput().fields),
        cookies=(selectors.COUNTRY_COOKIE,),
    )

    @extend_schema(parameters=[SearchInput], responses=SearchOutput, operation_id="search_products")
    def get(self, request: Request) -> HttpResponse:
        data = SearchInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        query = v["q"][:MAX_QUERY_CHARS]  # the rest is never searched (normalize.query_tokens)
        language = selectors.search_language()
        country = selectors.shopper_country(v.get("country") or selectors.cookie_country(request))

        def build() -> dict[str, Any]:
            page = selectors.product_search(
                query=query, data=v, sort=v["sort"], page=v["page"], page_size=v["page_size"],
                country=country,
            )  # fmt: skip
            return search_payload(page, query)

        params = {k: str(v[k]) for k in SEARCH_KEY_FIELDS if v.get(k) is not None}
        params["q"] = query
        return cached_json_response(*cached_search_response(
            "results", language=language, country=country, params=params, build=json_bytes(build),
            bypass=handled_by_shared_cache(request),
        ))  # fmt: skip


class SuggestInput(QueryInput):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)


class SuggestOutput(serializers.Serializer):
    products = inline_serializer(
        "SuggestProduct",
        {
            "id": serializers.IntegerField(),
            "slug": serializers.CharField(),
            "name": serializers.CharField(),
        },
        many=True,
    )
    categories = Ref(many=True)


class SearchSuggestApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    Input = SuggestInput
    shared_cache = SharedCache(
        versions=(CATALOG_VERSION_KEY, INDEX_VERSION_KEY),
        params=frozenset(SuggestInput().fields),
        cookies=(selectors.COUNTRY_COOKIE,),
    )

    @extend_schema(
        parameters=[SuggestInput], responses=SuggestOutput, operation_id="search_suggest"
    )
    def get(self, request: Request) -> HttpResponse:
        data = SuggestInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        prefix = v["q"][:MAX_QUERY_CHARS]
        language = selectors.search_language()
        country = selectors.shopper_country(v.get("country") or selectors.cookie_country(request))
        return cached_json_response(*cached_search_response(
            "suggest", language=language, country=country, params={"q": prefix},
            build=json_bytes(lambda: selectors.suggest(prefix=prefix, country=country)),
            bypass=handled_by_shared_cache(request),
        ))  # fmt: skip


component_names(SearchApi, SearchSuggestApi)
