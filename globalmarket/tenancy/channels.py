"""WebSocket connections resolve their region from the Host header, like HTTP requests."""

from typing import Any

from channels.db import database_sync_to_async

from .context import use_tenant
from .selectors import tenant_for_host


class TenantWebsocketMiddleware:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        tenant = await database_sync_to_async(tenant_for_host)(host)
        if tenant is None or tenant.is_in_maintenance:
            await send({"type": "websocket.close", "code": 4404})
            return None
        scope = dict(scope, tenant=tenant)
        with use_tenant(tenant):
            return await self.inner(scope, receive, send)
