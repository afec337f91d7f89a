"""HMAC-SHA256 signatures over `{timestamp}.{body}` (the scheme Stripe uses), for the sandbox."""

import hashlib
import hmac
import time


def sign(body: bytes, secret: str, *, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def verify(body: bytes, header: str, secret: str, *, tolerance: int = 300) -> None:
    """Raise ValueError unless `header` signs `body` with `secret` within `tolerance` seconds."""
    parts: dict[str, list[str]] = {}
    for item in (header or "").split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        ts = int(parts["t"][0])
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError("No timestamp in the signature header.") from exc
    if abs(time.time() - ts) > tolerance:
        raise ValueError("The signature's timestamp is outside the tolerance.")
    expected = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, candidate) for candidate in parts.get("v1", [])):
        raise ValueError("No signature matches the body.")
