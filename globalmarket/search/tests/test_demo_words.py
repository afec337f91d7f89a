"""Relevance on the demo catalog's own product names (catalog/demo_words.py, "<noun> <line>")."""

from typing import Any

import pytest

from globalmarket.catalog import demo_words as words
from globalmarket.catalog.tests.factories import CategoryFactory, ProductFactory
from globalmarket.search.backends import get_backend
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def seed(tenant: Any, countries: list[str], currency: str) -> None:
    with use_tenant(tenant):
        vendor = VendorFactory()
        category = CategoryFactory(slug=f"audio-{tenant.slug}")
        ids = []
        for i, noun in enumerate(words.NOUNS["electronics-audio"]):
            line = words.LINES[i % len(words.LINES)]
            name = {lang: f"{noun[lang]} {line.get(lang, line['en'])}" for lang in tenant.languages}
            slug = f"demo-{tenant.slug}-{i}"
            ids.append(ProductFactory(vendor=vendor, category=category, slug=slug, name=name,
                                      available_in_countries=countries, currency=currency).id)  # fmt: skip
        get_backend().index_products(ids)


def names(api_for: Any, tenant: Any, lang: str, q: str, country: str) -> list[str]:
    r = api_for(tenant).get(
        "/api/v1/search/", {"q": q, "country": country}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert r.status_code == 200, r.content
    return [x["name"] for x in r.json()["results"]]


def test_demo_names_eu(api_for: Any, eu: Any) -> None:
    seed(eu, ["NL", "DE", "BE", "FR"], "EUR")
    assert names(api_for, eu, "nl", "koptelefoons", "NL") == ["Over-ear koptelefoon Lite"]
    for query in ("Kopfhörer", "kopfhorer"):
        assert names(api_for, eu, "de", query, "DE") == ["Over-Ear-Kopfhörer Lite"], query
    body = api_for(eu).get("/api/v1/search/", {"q": "hedphones"}).json()
    assert body["did_you_mean"] == "headphones"
    assert [r["name"] for r in body["results"]] == ["Over-Ear Headphones Lite"]


def test_demo_names_mena_arabic_diacritics(api_for: Any, mena: Any) -> None:
    seed(mena, ["AE", "SA", "EG"], "AED")
    plain = names(api_for, mena, "ar", "سماعات رأس", "AE")
    assert plain == ["سماعات رأس لايت"]
    assert names(api_for, mena, "ar", "سَمّاعاتُ رَأْس", "AE") == plain
    assert names(api_for, mena, "ar", "سماعات راس", "AE") == plain
    assert len(names(api_for, mena, "ar", "سماعات", "AE")) == 2  # earbuds and headphones
