import pytest
from django.db import connections
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_api_path_and_wrong_method_use_the_error_shape(api_for, eu):
    client = api_for(eu)
    missing = client.get("/api/v1/does-not-exist/")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
    wrong = client.delete("/api/v1/tenant/")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_every_response_carries_a_request_id(api_for, eu):
    client = api_for(eu)
    generated = client.get("/api/v1/tenant/")
    assert len(generated["X-Request-ID"]) == 32
    echoed = client.get("/api/v1/tenant/", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert echoed["X-Request-ID"] == "abc-123-def-456"
    forged = client.get("/api/v1/tenant/", HTTP_X_REQUEST_ID="<script>")
    assert forged["X-Request-ID"] != "<script>"


@pytest.mark.parametrize(
    ("host", "query", "accept", "expected"),
    [
        ("eu.localhost", "", "", "en"),
        ("eu.localhost", "", "nl-NL,nl;q=0.9,en;q=0.5", "nl"),
        ("eu.localhost", "?lang=de", "nl", "de"),
        ("eu.localhost", "", "ar", "en"),  # not offered in Europe: the region's default
        ("eu.localhost", "?lang=xx", "fr", "fr"),
        ("mena.localhost", "", "", "ar"),
        ("mena.localhost", "", "en-US", "en"),
        ("mena.localhost", "?lang=nl", "", "ar"),
    ],
)
def test_language_from_query_then_header_then_region_default(
    tenants, host, query, accept, expected
):
    response = Client(HTTP_HOST=host).get(f"/api/v1/tenant/{query}", HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Content-Language"] == expected


def test_arabic_pages_are_right_to_left(tenants):
    page = Client(HTTP_HOST="mena.localhost").get("/account/login/")
    assert b'dir="rtl"' in page.content
    assert b'lang="ar"' in page.content
    europe = Client(HTTP_HOST="eu.localhost").get("/account/login/?lang=nl")
    assert b'dir="ltr"' in europe.content


def test_openapi_schema_and_docs_are_served(tenants):
    client = Client(HTTP_HOST="eu.localhost")
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/tenant/" in paths
    assert client.get("/api/docs/").status_code == 200


def test_healthz_and_metrics(api_for, eu):
    assert Client(HTTP_HOST="10.1.2.3").get("/healthz").json() == {"status": "ok"}
    api_for(eu).get("/api/v1/tenant/")
    metrics = Client().get("/metrics").content.decode()
    assert (
        'gm_http_requests_total{method="GET",route="/api/v1/tenant/",status="200",tenant="eu"}'
        in metrics
    )
    assert "gm_http_request_duration_seconds_bucket" in metrics


@pytest.mark.django_db(transaction=True)
def test_readyz_turns_503_when_a_region_database_is_unreachable(tenants):
    client = Client()
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    conn = connections["region_mena"]
    saved = dict(conn.settings_dict)
    conn.close()
    if conn.vendor == "postgresql":
        conn.settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        conn.settings_dict["NAME"] = "/nonexistent-dir/region.sqlite3"
    try:
        down = client.get("/readyz")
    finally:
        conn.close()
        conn.settings_dict.clear()
        conn.settings_dict.update(saved)
    assert down.status_code == 503
    checks = down.json()["checks"]
    assert checks["database:region_mena"]["ok"] is False
    assert checks["database:region_eu"]["ok"] is True
    assert client.get("/readyz").status_code == 200


def test_no_two_api_routes_overlap():
    """config.urls orders the API's apps for speed (hot reads first): that is only safe
    while no path could match routes of two apps."""
    import re
    import uuid

    from django.urls import URLResolver, get_resolver, resolve

    from config.urls import api_v1

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    found = list(routes(api_v1))
    assert len({route for route, _ in found}) == len(found)
    resolver = get_resolver()
    for route, callback in found:
        # A concrete path for the route: each converter filled with a sample value.
        path = "/api/v1/" + re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=7)), route)
        path = re.sub(r"<[^>]+>", "7", path)
        assert resolve(path, resolver.urlconf_name).func is callback, route
