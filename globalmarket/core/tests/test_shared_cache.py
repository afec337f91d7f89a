"""The shared response cache answers public catalog and search GETs before the middleware
stack, with exactly what the stack would answer (core.shared_cache, ADR 0153)."""

from decimal import Decimal

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import Client

from globalmarket.catalog import services
from globalmarket.catalog.tests.factories import ProductFactory
from globalmarket.core.shared_cache import (
    SharedCache,
    SharedResponseCacheMiddleware,
    handled_by_shared_cache,
)
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.services import tenant_update

pytestmark = pytest.mark.django_db

LAMP = "/api/v1/products/lamp/"


@pytest.fixture
def lamp(eu):
    with use_tenant(eu):
        return ProductFactory(
            slug="lamp", price=Decimal("10.00"), name={"en": "Lamp", "nl": "Lamp NL", "de": "Lampe"}
        )


def test_a_hit_is_the_response_the_stack_gave_without_touching_a_database(
    lamp, api_for, eu, django_assert_num_queries
):
    client = api_for(eu)
    first = client.get("/api/v1/products/?page_size=5")
    assert first["X-Cache"] == "MISS"
    with (
        django_assert_num_queries(0, connection=connections["region_eu"]),
        django_assert_num_queries(0, connection=connections["default"]),
    ):
        again = client.get("/api/v1/products/?page_size=5")
    assert again["X-Cache"] == "HIT"
    assert again.content == first.content

    def headers(response):
        return {k: v for k, v in response.items() if k not in {"X-Cache", "X-Request-ID"}}

    assert headers(again) == headers(first)
    assert again["Content-Language"] == "en"
    assert again["X-Request-ID"] != first["X-Request-ID"]  # the outer middleware still runs


def test_the_key_follows_language_parameters_and_host(lamp, api_for, eu, mena):
    client = api_for(eu)
    assert client.get(LAMP, HTTP_ACCEPT_LANGUAGE="nl").json()["name"] == "Lamp NL"
    assert client.get(LAMP, HTTP_ACCEPT_LANGUAGE="de").json()["name"] == "Lampe"
    hit = client.get(LAMP, HTTP_ACCEPT_LANGUAGE="nl")
    assert (hit["X-Cache"], hit.json()["name"], hit["Content-Language"]) == ("HIT", "Lamp NL", "nl")
    # A declared parameter makes another entry; an undeclared one shares it.
    assert client.get(LAMP, {"country": "NL"})["X-Cache"] == "MISS"
    assert client.get(LAMP, {"country": "NL", "utm_source": "mail"})["X-Cache"] == "HIT"
    # Another region's host never sees this region's entry.
    assert api_for(mena).get(LAMP).status_code == 404


def test_a_change_to_the_catalog_is_served_at_once(lamp, api_for, eu, run_on_commit):
    client = api_for(eu)
    client.get(LAMP)
    assert client.get(LAMP)["X-Cache"] == "HIT"
    with use_tenant(eu), run_on_commit():
        services.product_update(product=lamp, data={"price": "12.50"})
    changed = client.get(LAMP)
    assert (changed["X-Cache"], changed.json()["price"]) == ("MISS", "12.50")


def test_signed_in_requests_go_through_the_stack_for_their_own_language(
    lamp, api_for, eu, make_user
):
    api_for(eu).get(LAMP)
    assert api_for(eu).get(LAMP)["X-Cache"] == "HIT"
    user = make_user(eu, preferred_language="nl")
    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):
        browser.force_login(user)
    # The stored English response would be wrong for this shopper, who reads Dutch.
    response = browser.get(LAMP)
    assert (response.status_code, response.json()["name"]) == (200, "Lamp NL")
    assert browser.get(LAMP)["X-Cache"] == "HIT"  # the view's own body cache


def test_a_body_is_stored_once_by_whichever_cache_served_the_request(lamp, api_for, eu, make_user):
    anonymous = api_for(eu).get(LAMP)  # the shared cache reads and stores it
    assert anonymous["X-Cache"] == "MISS"
    browser = Client(HTTP_HOST="eu.localhost")
    with use_tenant(eu):
        browser.force_login(make_user(eu))  # English, as the anonymous request
    # The view did not also keep that body in its own cache: a signed-in request builds it.
    signed_in = browser.get(LAMP)
    assert (signed_in["X-Cache"], signed_in.content) == ("MISS", anonymous.content)
    assert browser.get(LAMP)["X-Cache"] == "HIT"


def test_private_responses_are_never_stored(lamp, api_for, eu, make_user, rf):
    alice, bob = make_user(eu, full_name="Alice"), make_user(eu, full_name="Bob")
    for _ in range(2):
        assert api_for(eu, alice).get("/api/v1/me/").json()["full_name"] == "Alice"
        assert api_for(eu, bob).get("/api/v1/me/").json()["full_name"] == "Bob"

    # Only views with a policy are read or stored: the middleware marks no other request.
    def marked(path, **headers):
        seen = []
        middleware = SharedResponseCacheMiddleware(
            lambda request: seen.append(handled_by_shared_cache(request)) or HttpResponse()
        )
        middleware(rf.get(path, HTTP_HOST="eu.localhost", **headers))
        return seen

    assert marked("/api/v1/me/") == [False]
    assert marked("/api/v1/cart/") == [False]
    assert marked(LAMP) == [True]
    assert marked(LAMP, HTTP_COOKIE="sessionid=abc") == [False]


def test_maintenance_wins_over_a_stored_response(
    lamp, api_for, eu, django_capture_on_commit_callbacks
):
    client = api_for(eu)
    client.get(LAMP)
    assert client.get(LAMP)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(using="default", execute=True):
        tenant_update(tenant=eu, is_in_maintenance=True, maintenance_retry_after=60)
    assert client.get(LAMP).status_code == 503


def test_errors_are_not_stored(lamp, api_for, eu):
    client = api_for(eu)
    for _ in range(2):
        response = client.get("/api/v1/products/?min_price=cheap")
        assert response.status_code == 400
        assert "X-Cache" not in response


def test_declared_cookies_are_part_of_the_key(rf):
    policy = SharedCache(versions=("v",), params=frozenset({"q"}), cookies=("gm_country",))

    def key(**cookies):
        request = rf.get("/api/v1/search/", {"q": "lamp", "utm": "x"}, HTTP_HOST="eu.localhost")
        request.COOKIES.update(cookies)
        return policy.key(request, "search", {}, "en")

    assert key() == key()
    assert key(gm_country="DE") != key(gm_country="NL") != key()
    assert key(other="1") == key()
