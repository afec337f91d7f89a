import itertools

import pytest
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.core.idempotency import idempotent
from globalmarket.core.models import IdempotencyRecord
from globalmarket.tenancy.context import use_tenant

_counter = itertools.count(1)


class CreateThingApi(APIView):
    authentication_classes: list = []

    @idempotent
    def post(self, request):
        return Response({"thing": next(_counter), "echo": request.data.get("amount")}, status=201)


urlpatterns = [path("api/v1/things/", CreateThingApi.as_view())]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_replay_returns_first_response_and_does_not_run_again(api_for, eu):
    client = api_for(eu)
    first = client.post(
        "/api/v1/things/", {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        "/api/v1/things/", {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    other = client.post(
        "/api/v1/things/", {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert other.json()["thing"] == first.json()["thing"] + 1


def test_same_key_different_body_is_422(api_for, eu):
    client = api_for(eu)
    client.post("/api/v1/things/", {"amount": "10.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    clash = client.post(
        "/api/v1/things/", {"amount": "99.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert clash.status_code == 422
    assert clash.json()["error"]["code"] == "idempotency_key_reused"


def test_keys_are_per_region(api_for, eu, mena):
    api_for(eu).post("/api/v1/things/", {"amount": "1"}, format="json", HTTP_IDEMPOTENCY_KEY="same")
    in_mena = api_for(mena).post(
        "/api/v1/things/", {"amount": "1"}, format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert "Idempotent-Replayed" not in in_mena
    with use_tenant(mena):
        assert IdempotencyRecord.objects.count() == 1


def test_oversized_key_is_400(api_for, eu):
    response = api_for(eu).post(
        "/api/v1/things/", {}, format="json", HTTP_IDEMPOTENCY_KEY="k" * 300
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_invalid"


def test_expired_key_runs_again(api_for, eu):
    from datetime import timedelta

    from django.utils import timezone

    from globalmarket.core.idempotency import TTL

    client = api_for(eu)
    first = client.post(
        "/api/v1/things/", {"amount": "1"}, format="json", HTTP_IDEMPOTENCY_KEY="old"
    )
    with use_tenant(eu):
        IdempotencyRecord.objects.update(created_at=timezone.now() - TTL - timedelta(seconds=1))
    again = client.post(
        "/api/v1/things/", {"amount": "2"}, format="json", HTTP_IDEMPOTENCY_KEY="old"
    )
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["thing"] == first.json()["thing"] + 1
    with use_tenant(eu):
        assert IdempotencyRecord.objects.get().response_body == again.json()


def test_the_hourly_purge_deletes_only_expired_records_in_every_region(api_for, eu, mena):
    from datetime import timedelta

    from django.utils import timezone

    from globalmarket.core.idempotency import TTL
    from globalmarket.core.tasks import purge_expired_idempotency_records

    for tenant, key in [(eu, "old-eu"), (eu, "live-eu"), (mena, "old-mena")]:
        api_for(tenant).post(
            "/api/v1/things/", {"amount": "1"}, format="json", HTTP_IDEMPOTENCY_KEY=key
        )
    for tenant, key in [(eu, "old-eu"), (mena, "old-mena")]:
        with use_tenant(tenant):
            IdempotencyRecord.objects.filter(key=key).update(
                created_at=timezone.now() - TTL - timedelta(minutes=1)
            )
    assert purge_expired_idempotency_records() == 2
    with use_tenant(eu):
        assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["live-eu"]
    with use_tenant(mena):
        assert not IdempotencyRecord.objects.exists()
