"""The /search/ page: results, facets as links, did-you-mean, no-JS form, bad input."""

from typing import Any

import pytest
from django.test import Client

from globalmarket.tenancy.context import use_tenant

from .helpers import eu_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(eu: Any) -> dict[str, Any]:
    with use_tenant(eu):
        return eu_catalog()


def page(eu: Any, lang: str = "en", **params: Any) -> Any:
    return Client(HTTP_HOST=eu.aliases[0]).get("/search/", params, HTTP_ACCEPT_LANGUAGE=lang)


def test_results_page_lists_products_and_facet_links(eu: Any, catalog: Any) -> None:
    r = page(eu, q="audio")
    html = r.content.decode()
    assert r.status_code == 200
    assert (
        "Wireless headphones" in html
        and "Bluetooth speaker" in html
        and "Electric kettle" not in html
    )
    assert f'href="?q=audio&amp;brand={catalog["sony"].id}"' in html  # facet adds a filter
    assert 'href="?q=audio&amp;min_price=25&amp;max_price=50"' in html
    assert 'data-search-autocomplete="/api/v1/search/suggest/"' in html
    assert 'action="/search/"' in html and 'name="q"' in html  # works without JS
    assert "search/autocomplete.js" in html
    assert 'href="/p/sony-headphones/"' in html


def test_facet_filter_applies(eu: Any, catalog: Any) -> None:
    html = page(eu, q="audio", brand=str(catalog["sony"].id)).content.decode()
    assert "Wireless headphones" in html and "Bluetooth speaker" not in html
    assert '<input type="hidden" name="brand"' in html


def test_did_you_mean_link_and_language(eu: Any, catalog: Any) -> None:
    html = page(eu, "nl", q="koptelefon").content.decode()
    assert "Draadloze koptelefoon" in html
    html = page(eu, q="hedphones").content.decode()
    assert 'href="?q=headphones"' in html


@pytest.mark.parametrize(
    "params", [{"q": "a\x00"}, {"q": "x", "page": "-1"}, {"q": "x", "country": "ZZ"}]
)
def test_bad_input_renders_page_with_400(eu: Any, catalog: Any, params: Any) -> None:
    r = page(eu, **params)
    assert r.status_code == 400
    assert 'role="alert"' in r.content.decode()


def test_empty_page_renders_form(eu: Any, catalog: Any) -> None:
    r = page(eu)
    assert r.status_code == 200 and 'name="q"' in r.content.decode()
