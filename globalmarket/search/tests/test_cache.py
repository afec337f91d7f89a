"""Cached search and suggest responses: hits cost no database query; catalog changes and index
writes invalidate them."""

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from globalmarket.catalog.services import category_update, product_update
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.search.backends import get_backend
from globalmarket.tenancy.context import use_tenant

from .helpers import eu_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(eu: Any) -> dict[str, Any]:
    with use_tenant(eu):
        return eu_catalog()


@pytest.fixture(params=["shared", "body"])
def client_for(request: Any, api_for: Any) -> Any:
    """Clients for both cache layers: an anonymous request is answered by the shared cache
    before the middleware stack (core.shared_cache, ADR 0153); one with a session cookie goes
    through the stack, where the views keep the rendered body (search/cache.py)."""

    def make(tenant: Any) -> Any:
        client = api_for(tenant)
        if request.param == "body":
            client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
        return client

    return make


def test_search_hit_costs_no_query_and_a_product_change_invalidates_it(
    client_for: Any, eu: Any, catalog: Any, django_assert_num_queries: Any, run_on_commit: Any
) -> None:
    client = client_for(eu)
    first = client.get("/api/v1/search/", {"q": "headphones"})
    assert first["X-Cache"] == "MISS"
    assert first.json()["results"][0]["price"] == "299.00"
    with django_assert_num_queries(0, connection=connections["region_eu"]):
        again = client.get("/api/v1/search/", {"q": "headphones"})
    assert again["X-Cache"] == "HIT" and again.content == first.content
    # Another query, country, language or page is another entry.
    assert client.get("/api/v1/search/", {"q": "headphones", "country": "DE"})["X-Cache"] == "MISS"
    assert client.get("/api/v1/search/", {"q": "headphones", "page_size": 5})["X-Cache"] == "MISS"
    nl = client.get("/api/v1/search/", {"q": "headphones"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert nl["X-Cache"] == "MISS" and nl.json()["language"] == "nl"

    with use_tenant(eu), run_on_commit():
        product_update(product=catalog["headphones"], data={"price": Decimal("199.00")})
    changed = client.get("/api/v1/search/", {"q": "headphones"})
    assert changed["X-Cache"] == "MISS"
    assert changed.json()["results"][0]["price"] == "199.00"
    assert changed.json()["facets"]["price"] == [{"min": "100", "max": "250", "count": 1}]


def test_index_write_invalidates_counts_and_facets(client_for: Any, eu: Any, catalog: Any) -> None:
    client = client_for(eu)
    assert client.get("/api/v1/search/", {"q": "audio"}).json()["count"] == 2
    assert client.get("/api/v1/search/", {"q": "audio"})["X-Cache"] == "HIT"
    with use_tenant(eu):
        # Written without any catalog service: only the indexer's own version bump can tell.
        extra = ProductFactory(category=catalog["audio"], name={"en": "Audio cable"})
        get_backend().index_products([extra.id])
    r = client.get("/api/v1/search/", {"q": "audio"})
    assert r["X-Cache"] == "MISS" and r.json()["count"] == 3
    with use_tenant(eu):
        get_backend().remove_products([extra.id])
    assert client.get("/api/v1/search/", {"q": "audio"}).json()["count"] == 2


def test_suggest_is_cached_and_a_category_rename_shows_at_once(
    client_for: Any, eu: Any, catalog: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(eu)
    params = {"q": "Elek"}
    first = client.get("/api/v1/search/suggest/", params, HTTP_ACCEPT_LANGUAGE="nl")
    assert first["X-Cache"] == "MISS"
    assert [c["name"] for c in first.json()["categories"]] == ["Elektronica"]
    with django_assert_num_queries(0, connection=connections["region_eu"]):
        hit = client.get("/api/v1/search/suggest/", params, HTTP_ACCEPT_LANGUAGE="nl")
    assert hit["X-Cache"] == "HIT"
    with use_tenant(eu):
        category_update(
            category=catalog["electronics"], name={"en": "Electronics", "nl": "Elektrowaren"}
        )
    # Both the response and the category-name list behind it follow the catalog version.
    renamed = client.get("/api/v1/search/suggest/", params, HTTP_ACCEPT_LANGUAGE="nl")
    assert renamed["X-Cache"] == "MISS"
    assert [c["name"] for c in renamed.json()["categories"]] == ["Elektrowaren"]


def test_invalid_requests_are_not_cached(client_for: Any, eu: Any, catalog: Any) -> None:
    from unittest import mock

    from django.core.cache import cache

    client = client_for(eu)
    with (
        mock.patch("globalmarket.search.cache.cache", wraps=cache) as spy,
        mock.patch("globalmarket.core.shared_cache.cache", wraps=cache) as shared_spy,
    ):
        responses = [
            client.get("/api/v1/search/", {"q": "a", "country": "US"}),
            client.get("/api/v1/search/", {"q": "a", "brand": "nope"}),
            client.get("/api/v1/search/", {"q": "a", "brand": "nope"}),
        ]
    assert [r.status_code for r in responses] == [400, 400, 400]
    assert ["X-Cache" in r for r in responses] == [False, False, False]
    spy.set.assert_not_called()
    shared_spy.set.assert_not_called()
