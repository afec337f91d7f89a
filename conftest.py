"""Test fixtures shared by every app: regions, API clients per region, users."""

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from rest_framework.test import APIClient

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Every database test may use every database (control plane + regions)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **{**marker.kwargs, "databases": "__all__"}),
                            append=False)  # fmt: skip


def _is_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def pytest_runtest_setup(item: Any) -> None:
    if item.get_closest_marker("postgres") and not _is_postgres():
        pytest.skip("needs PostgreSQL (set DATABASE_URL and DATABASE_URL_<REGION>)")
    if item.get_closest_marker("broker") and not settings.CELERY_BROKER_URL:
        pytest.skip("needs a Celery broker (set CELERY_BROKER_URL)")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")


@pytest.fixture(autouse=True)
def _clean_shared_state() -> Iterator[None]:
    from globalmarket.tenancy.selectors import clear_tenant_cache

    clear_tenant_cache()
    _clear_cache()
    yield
    clear_tenant_cache()


def _clear_cache() -> None:
    if settings.REDIS_URL:
        from django_redis import get_redis_connection

        client = get_redis_connection("default")
        for key in client.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*", count=1000):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture
def tenants(db: Any) -> dict[str, Any]:
    from globalmarket.tenancy.demo import ensure_demo_tenants

    return {t.slug: t for t in ensure_demo_tenants()}


@pytest.fixture
def eu(tenants: dict[str, Any]) -> Any:
    return tenants["eu"]


@pytest.fixture
def mena(tenants: dict[str, Any]) -> Any:
    return tenants["mena"]


@pytest.fixture
def in_eu(eu: Any) -> Iterator[Any]:
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(eu):
        yield eu


@pytest.fixture
def in_mena(mena: Any) -> Iterator[Any]:
    from globalmarket.tenancy.context import use_tenant

    with use_tenant(mena):
        yield mena


def host_of(tenant: Any) -> str:
    return str(tenant.aliases[0])


@pytest.fixture
def api_for() -> Callable[..., APIClient]:
    """api_for(tenant, user=None): an API client on the tenant's host, optionally signed in."""

    def make(tenant: Any, user: Any = None) -> APIClient:
        client = APIClient(HTTP_HOST=host_of(tenant))
        if user is not None:
            from globalmarket.accounts.authentication import tokens_for
            from globalmarket.tenancy.context import use_tenant

            with use_tenant(tenant):
                access = tokens_for(user)["access"]
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return client

    return make


@pytest.fixture
def make_user() -> Callable[..., Any]:
    """make_user(tenant, email=..., password=..., **fields) creates an account in that region."""

    def make(
        tenant: Any, email: str | None = None, password: str = "correct-horse-42", **fields: Any
    ) -> Any:
        from globalmarket.accounts.models import User
        from globalmarket.tenancy.context import use_tenant

        with use_tenant(tenant):
            count = User.objects.count()
            user = User(email=email or f"user{count + 1}@example.test", full_name=fields.pop("full_name", "Test User"),
                        **fields)  # fmt: skip
            user.set_password(password)
            user.save()
        return user

    return make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with run_on_commit():` runs on_commit callbacks of every region database at exit."""
    from contextlib import ExitStack, contextmanager

    @contextmanager
    def capture() -> Iterator[None]:
        with ExitStack() as stack:
            for alias in settings.DATABASES:
                if alias != "default":
                    stack.enter_context(
                        django_capture_on_commit_callbacks(using=alias, execute=True)
                    )
            yield

    return capture


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
