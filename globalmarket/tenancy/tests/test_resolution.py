import pytest
from django.db import connections
from django.test import Client

from globalmarket.tenancy.services import tenant_update

pytestmark = pytest.mark.django_db


def test_tenant_endpoint_answers_for_each_region_by_host(api_for, eu, mena):
    body = api_for(eu).get("/api/v1/tenant/").json()
    assert body == {
        "slug": "eu", "name": "GlobalMarket Europe", "currency": "EUR", "default_language": "en",
        "languages": ["en", "nl", "de", "fr"], "countries": ["NL", "DE", "BE", "FR"],
        "timezone": "Europe/Amsterdam", "prices_include_vat": True,
    }  # fmt: skip
    assert api_for(mena).get("/api/v1/tenant/").json()["currency"] == "AED"


@pytest.mark.parametrize(
    "host", ["GLOBALMARKET.EU", "globalmarket.eu:8443", "eu.localhost:8000", "Www.GlobalMarket.eu"]
)
def test_host_matching_is_case_insensitive_and_ignores_port(tenants, host):
    response = Client(HTTP_HOST=host).get("/api/v1/tenant/")
    assert response.status_code == 200
    assert response.json()["slug"] == "eu"


def test_unknown_host_is_404_never_another_region(tenants):
    response = Client(HTTP_HOST="globalmarket.xyz").get("/api/v1/tenant/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "tenant_not_found"
    page = Client(HTTP_HOST="evil.example").get("/")
    assert page.status_code == 404
    assert b"Marketplace not found" in page.content


def test_platform_host_lists_regions_but_serves_no_region_api(tenants):
    client = Client(HTTP_HOST="localhost:8000")
    home = client.get("/")
    assert home.status_code == 200
    assert b"http://eu.localhost:8000/" in home.content
    assert b"http://mena.localhost:8000/" in home.content
    assert client.get("/api/v1/tenant/").status_code == 404


def test_maintenance_answers_503_with_retry_after(api_for, eu, mena):
    tenant_update(tenant=eu, is_in_maintenance=True, maintenance_retry_after=120)
    response = api_for(eu).get("/api/v1/tenant/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response.json()["error"]["code"] == "maintenance"
    page = Client(HTTP_HOST="eu.localhost").get("/")
    assert page.status_code == 503
    assert f"<title>Down for maintenance · {eu.name}</title>" in page.content.decode()
    assert api_for(mena).get("/api/v1/tenant/").status_code == 200


def test_each_region_has_its_own_database(eu, mena):
    assert eu.database_alias == "region_eu"
    assert mena.database_alias == "region_mena"
    assert (
        connections["region_eu"].settings_dict["NAME"]
        != connections["region_mena"].settings_dict["NAME"]
    )
