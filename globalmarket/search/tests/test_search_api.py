"""Search and suggest API on the active engine (SQLite FTS5 by default, PostgreSQL in CI)."""

from typing import Any

import pytest
from django.db import connections

from globalmarket.search.models import SearchDocument
from globalmarket.tenancy.context import use_tenant

from .helpers import eu_catalog, mena_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(eu: Any) -> dict[str, Any]:
    with use_tenant(eu):
        return eu_catalog()


def search(api_for: Any, tenant: Any, lang: str = "en", **params: Any) -> Any:
    return api_for(tenant).get("/api/v1/search/", params, HTTP_ACCEPT_LANGUAGE=lang)


def slugs(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["slug"] for r in response.json()["results"]]


def test_finds_by_name_with_prefix_and_shows_request_language(
    api_for: Any, eu: Any, catalog: Any
) -> None:
    r = search(api_for, eu, "nl", q="koptel")
    assert slugs(r) == ["sony-headphones"]
    body = r.json()
    assert body["language"] == "nl"
    card = body["results"][0]
    assert card["name"] == "Draadloze koptelefoon"
    assert (
        card["price"] == "299.00"
        and card["compare_at_price"] == "349.00"
        and card["currency"] == "EUR"
    )
    assert card["brand"]["slug"] == "sony" and card["vendor"]["slug"] == "acme"
    assert card["category"] == {"id": catalog["audio"].id, "slug": "audio", "name": "Audio"}
    assert card["rating"] == {"average": "4.60", "count": 0}


def test_dutch_plural_finds_singular(api_for: Any, eu: Any, catalog: Any) -> None:
    assert slugs(search(api_for, eu, "nl", q="koptelefoons")) == ["sony-headphones"]


@pytest.mark.parametrize("query", ["Kopfhörer", "kopfhorer", "KOPFHÖRER"])
def test_german_with_and_without_umlaut(api_for: Any, eu: Any, catalog: Any, query: str) -> None:
    assert slugs(search(api_for, eu, "de", q=query)) == ["sony-headphones"]


def test_brand_sku_category_and_description_are_searchable(
    api_for: Any, eu: Any, catalog: Any
) -> None:
    assert slugs(search(api_for, eu, q="sony")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="WH-1000XM5")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="cancelling")) == ["sony-headphones"]
    assert sorted(slugs(search(api_for, eu, q="electronics"))) == ["sony-headphones", "speaker"]


def test_language_without_translation_falls_back_to_default(
    api_for: Any, eu: Any, catalog: Any
) -> None:
    # The speaker has no French name: the French document carries the English text.
    assert slugs(search(api_for, eu, "fr", q="bluetooth speaker")) == ["speaker"]


def test_typo_gets_did_you_mean_and_results(api_for: Any, eu: Any, catalog: Any) -> None:
    body = search(api_for, eu, q="hedphones").json()
    assert body["did_you_mean"] == "headphones"
    assert [r["slug"] for r in body["results"]] == ["sony-headphones"]
    assert search(api_for, eu, q="headphones").json()["did_you_mean"] is None


def test_suspended_vendor_draft_and_other_country_never_returned(
    api_for: Any, eu: Any, catalog: Any
) -> None:
    assert slugs(search(api_for, eu, q="headphones", country="NL")) == ["sony-headphones"]
    assert sorted(slugs(search(api_for, eu, q="headphones", country="DE"))) == [
        "sony-headphones",
        "studio-headphones",
    ]
    with use_tenant(eu):
        indexed = set(SearchDocument.objects.values_list("product_id", flat=True))
    assert catalog["hidden"].id not in indexed and catalog["draft"].id not in indexed


def test_country_from_storefront_cookie(api_for: Any, eu: Any, catalog: Any) -> None:
    client = api_for(eu)
    client.cookies["gm_country"] = "DE"
    assert sorted(slugs(client.get("/api/v1/search/", {"q": "headphones"}))) == [
        "sony-headphones",
        "studio-headphones",
    ]
    client.cookies["gm_country"] = "XX"  # not a region country: ignored, region default
    assert slugs(client.get("/api/v1/search/", {"q": "headphones"})) == ["sony-headphones"]


def test_mena_search_never_returns_european_products(
    api_for: Any, eu: Any, mena: Any, catalog: Any
) -> None:
    with use_tenant(mena):
        mena_catalog()
    r = search(api_for, mena, "en", q="headphones", country="AE")
    assert slugs(r) == ["ar-headphones"]
    assert r.json()["results"][0]["currency"] == "AED"
    assert slugs(search(api_for, mena, "en", q="sony", country="AE")) == []
    assert search(api_for, mena, "en", q="x", country="NL").status_code == 400


def test_arabic_with_and_without_diacritics(api_for: Any, mena: Any) -> None:
    with use_tenant(mena):
        mena_catalog()
    for query in ("سمّاعات", "سماعات", "لاسلكية", "لاسلكيّة", "راس", "رأس"):
        assert slugs(search(api_for, mena, "ar", q=query, country="AE")) == ["ar-headphones"], query
    assert slugs(search(api_for, mena, "ar", q="مكتبه", country="AE")) == ["ar-library"]
    assert slugs(search(api_for, mena, "ar", q="مكتبة", country="SA")) == []


def test_filters(api_for: Any, eu: Any, catalog: Any) -> None:
    assert sorted(slugs(search(api_for, eu, q="audio", category="electronics"))) == [
        "sony-headphones",
        "speaker",
    ]
    assert slugs(search(api_for, eu, q="audio", category=str(catalog["kitchen"].id))) == []
    assert slugs(search(api_for, eu, q="audio", brand="sony")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="audio", min_price="40", max_price="100")) == ["speaker"]
    assert slugs(search(api_for, eu, q="audio", in_stock="true")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="audio", on_sale="true")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="audio", rating_min="4")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="audio", vendor="kitchenco")) == []


def test_sorting(api_for: Any, eu: Any, catalog: Any) -> None:
    assert slugs(search(api_for, eu, q="audio", sort="price")) == ["speaker", "sony-headphones"]
    assert slugs(search(api_for, eu, q="audio", sort="-price")) == ["sony-headphones", "speaker"]
    assert slugs(search(api_for, eu, q="audio", sort="rating")) == ["sony-headphones", "speaker"]


def test_facets_count_current_query_and_filters(api_for: Any, eu: Any, catalog: Any) -> None:
    body = search(api_for, eu, q="audio").json()
    assert body["count"] == 2
    f = body["facets"]
    assert f["category"] == [{"id": catalog["audio"].id, "name": "Audio", "count": 2}]
    assert f["brand"] == [{"id": catalog["sony"].id, "name": "Sony", "count": 1}]
    assert f["vendor"] == [{"id": catalog["acme"].id, "name": "Acme Audio", "count": 2}]
    assert f["price"] == [
        {"min": "25", "max": "50", "count": 1},
        {"min": "250", "max": "500", "count": 1},
    ]
    assert f["rating"] == [
        {"min": 4, "count": 1},
        {"min": 3, "count": 2},
        {"min": 2, "count": 2},
        {"min": 1, "count": 2},
    ]
    filtered = search(api_for, eu, q="audio", max_price="100").json()
    assert filtered["count"] == 1 and filtered["facets"]["brand"] == []


def test_earlier_words_match_whole_and_the_last_as_a_prefix(
    api_for: Any, eu: Any, catalog: Any
) -> None:
    assert slugs(search(api_for, eu, q="wireless head")) == ["sony-headphones"]
    assert slugs(search(api_for, eu, q="headphones wirel")) == ["sony-headphones"]  # any order
    assert slugs(search(api_for, eu, "nl", q="draadloze koptelefoons")) == ["sony-headphones"]
    # A cut-off word before the last one no longer matches (and "wi" is too short to correct).
    body = search(api_for, eu, q="wi headphones").json()
    assert body["count"] == 0 and body["results"] == [] and body["did_you_mean"] is None


def test_facet_values_with_one_id_and_two_labels_are_merged() -> None:
    from globalmarket.search.backends.base import build_facets

    facets, total = build_facets([
        ("t", 0, "", 5), ("category", 7, "Audio", 3), ("category", 7, "Sound", 1),
        ("category", 8, "Kitchen", 1), ("rating", 4, "", 5),
    ])  # fmt: skip
    assert total == 5
    assert facets["category"] == [
        {"id": 7, "name": "Sound", "count": 4},
        {"id": 8, "name": "Kitchen", "count": 1},
    ]
    assert facets["brand"] == [] and facets["rating"][0] == {"min": 4, "count": 5}


def test_pagination(api_for: Any, eu: Any, catalog: Any) -> None:
    first = search(api_for, eu, q="audio", sort="price", page_size=1).json()
    second = search(api_for, eu, q="audio", sort="price", page_size=1, page=2).json()
    assert [r["slug"] for r in first["results"]] == ["speaker"] and first["next"] == 2
    assert [r["slug"] for r in second["results"]] == ["sony-headphones"] and second["next"] is None
    assert second["previous"] == 1 and second["count"] == 2


def test_suggest_prefers_names_starting_with_the_text(api_for: Any, eu: Any, catalog: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory
    from globalmarket.search.backends import get_backend

    with use_tenant(eu):
        late = ProductFactory(slug="stand", name={"en": "Stand for wireless headphones"})
        early = ProductFactory(slug="wire", name={"en": "Wire"})
        get_backend().index_products([late.id, early.id])
    r = api_for(eu).get("/api/v1/search/suggest/", {"q": "wire"})
    assert [p["slug"] for p in r.json()["products"]] == ["wire", "sony-headphones", "stand"]


def test_suggest_checks_a_short_last_word_on_the_name(api_for: Any, eu: Any, catalog: Any) -> None:
    from globalmarket.catalog.tests.factories import ProductFactory
    from globalmarket.search.backends import get_backend

    with use_tenant(eu):
        stand = ProductFactory(slug="stand", name={"en": "Stand for wireless headphones"})
        get_backend().index_products([stand.id])

    def suggested(q: str) -> list[str]:
        return [
            p["slug"]
            for p in api_for(eu).get("/api/v1/search/suggest/", {"q": q}).json()["products"]
        ]

    assert suggested("stand w") == ["stand"]
    assert suggested("stand wi") == ["stand"]
    assert suggested("headphones s") == ["stand"]  # "stand" starts the name
    assert suggested("stand x") == []
    assert suggested("wireless h") == ["sony-headphones", "stand"]


def test_suggest_products_and_categories(api_for: Any, eu: Any, catalog: Any) -> None:
    r = api_for(eu).get("/api/v1/search/suggest/", {"q": "kop"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert r.status_code == 200
    assert r.json()["products"] == [
        {"id": catalog["headphones"].id, "slug": "sony-headphones", "name": "Draadloze koptelefoon"}
    ]
    r = api_for(eu).get("/api/v1/search/suggest/", {"q": "Elek"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert r.json()["categories"] == [
        {"id": catalog["electronics"].id, "slug": "electronics", "name": "Elektronica"}
    ]
    assert api_for(eu).get("/api/v1/search/suggest/", {"q": ""}).json() == {
        "products": [],
        "categories": [],
    }


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_240,
    "a & b",
    "a | b",
    "!a",
    "a:*",
    "(a)",
    "'a'",
    '"a"',
    "a<->b",
    "\\",
    "'; DROP TABLE search_searchdocument; --",
    "% _ %%",
    "headphones' OR '1'='1",
    "NEAR(a b)",
    "a AND OR NOT",
    "*",
    ":",
    "&|!():*'\"",
    "\u202e\u200f",
    "🎧",
    "a\tb\nc",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_normal_response(api_for: Any, eu: Any, catalog: Any, query: str) -> None:
    r = search(api_for, eu, q=query)
    assert r.status_code == 200, r.content
    r = api_for(eu).get("/api/v1/search/suggest/", {"q": query})
    assert r.status_code == 200, r.content


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "a\x00b"}, "q"),
        ({"q": "a", "page": "0"}, "page"),
        ({"q": "a", "page_size": "1000"}, "page_size"),
        ({"q": "a", "min_price": "-1"}, "min_price"),
        ({"q": "a", "min_price": "1e999"}, "min_price"),
        ({"q": "a", "rating_min": "9"}, "rating_min"),
        ({"q": "a", "sort": "name; DROP"}, "sort"),
        ({"q": "a", "category": "99999999999999999999999"}, "category"),
        ({"q": "a", "brand": "no-such-brand"}, "brand"),
        ({"q": "a", "vendor": "\u00b2"}, "vendor"),
        ({"q": "a", "country": "US"}, "country"),
        ({"q": "a", "in_stock": "maybe"}, "in_stock"),
    ],
)
def test_bad_parameters_get_400_with_field_code(
    api_for: Any, eu: Any, catalog: Any, params: Any, field: str
) -> None:
    r = api_for(eu).get("/api/v1/search/", params)
    assert r.status_code == 400, r.content
    error = r.json()["error"]
    assert field in error["fields"], error
    assert error["code"] in ("invalid", "invalid_country")


def test_query_count_does_not_grow_with_page_size(api_for: Any, eu: Any, catalog: Any,
                                                  django_assert_num_queries: Any) -> None:  # fmt: skip
    from globalmarket.catalog.tests.factories import ProductFactory
    from globalmarket.search.backends import get_backend

    with use_tenant(eu):
        extra = [
            ProductFactory(category=catalog["audio"], name={"en": f"Audio thing {i}"})
            for i in range(6)
        ]
        get_backend().index_products([p.id for p in extra])
    client = api_for(eu)
    region = connections["region_eu"]
    counts = []
    for size in (1, 8):
        with django_assert_num_queries(3, connection=region) as ctx:
            r = client.get("/api/v1/search/", {"q": "audio", "page_size": size})
        assert len(r.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
