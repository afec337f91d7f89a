import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from config.asgi import application
from globalmarket.core.notify import push_to_user
from globalmarket.tenancy.context import use_tenant


async def _connect(host: str, cookie: str = ""):
    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    comm = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, code = await comm.connect()
    return comm, connected, code


@pytest.mark.django_db(transaction=True)
def test_websocket_is_tenant_aware_and_needs_a_session(client, eu, mena, make_user):
    user = make_user(eu, email="piet@example.test", password="correct-horse-42")
    client.post(
        "/account/login/",
        {"email": "piet@example.test", "password": "correct-horse-42"},
        HTTP_HOST="eu.localhost",
    )
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    def push():
        with use_tenant(eu):
            push_to_user(user.pk, {"type": "order.updated", "order": "EU-2026-000001"})

    async def scenario():
        comm, connected, _ = await _connect("eu.localhost", cookie)
        assert connected
        assert await comm.receive_json_from() == {"type": "hello", "tenant": "eu"}
        await sync_to_async(push)()
        assert await comm.receive_json_from() == {
            "type": "order.updated",
            "order": "EU-2026-000001",
        }
        await comm.disconnect()
        # The Europe session is unknown to MENA's database: refused.
        comm, connected, code = await _connect("mena.localhost", cookie)
        assert not connected
        assert code == 4401
        comm, connected, code = await _connect("unknown.example", cookie)
        assert not connected

    async def scenario_then_close():
        try:
            await scenario()
        finally:
            # The consumers' database work ran in asgiref's long-lived sync thread, which
            # would keep its connections (region_mena's too) open after the test, and
            # PostgreSQL then refuses to drop the test databases.
            await sync_to_async(connections.close_all)()

    # A fresh thread and event loop: other tests (Playwright's sync API) may leave a loop
    # running in this thread, where async_to_sync refuses to run.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario_then_close()).result(timeout=60)
