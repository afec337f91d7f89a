"""A signed-in user's live notifications (order updates etc.), per region and user."""

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from globalmarket.tenancy.context import require_tenant


def user_group(tenant_slug: str, user_id: int) -> str:
    return f"t.{tenant_slug}.user.{user_id}"


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(require_tenant().slug, user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "tenant": require_tenant().slug})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notify(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])
