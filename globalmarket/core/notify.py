"""Push a message to a user's open pages over WebSockets (best effort, after commit)."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from globalmarket.tenancy.context import require_tenant

from .consumers import user_group


def push_to_user(user_id: int, payload: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        user_group(require_tenant().slug, user_id), {"type": "notify", "payload": payload}
    )
