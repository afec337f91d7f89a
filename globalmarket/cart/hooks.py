"""Called by accounts at sign-in: adopt the anonymous cart named by the X-Cart-Token header."""

import uuid
from typing import Any


def on_sign_in(request: Any, user: Any) -> None:
    raw = request.headers.get("X-Cart-Token", "") if hasattr(request, "headers") else ""
    if not raw:
        raw = getattr(request, "COOKIES", {}).get("cart_token", "")
    try:
        token = uuid.UUID(raw) if raw else None
    except ValueError:
        return
    if token is None:
        return
    from .services import cart_merge

    cart_merge(user=user, token=token)
