import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str:
    """The caller's IP; X-Forwarded-For is trusted only for the configured proxy count."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def dumps(value: Any) -> bytes:
    """JSON as the API's cached responses are written: UTF-8, no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_bytes(build: Callable[[], Any]) -> Callable[[], bytes]:
    """Wrap a response builder so the cache stores rendered bytes: a hit does no JSON work."""
    return lambda: dumps(build())


def cached_json_response(body: bytes, hit: bool) -> HttpResponse:
    """A pre-rendered JSON body, with `X-Cache: HIT|MISS`."""
    response = HttpResponse(body, content_type="application/json")
    response["X-Cache"] = "HIT" if hit else "MISS"
    return response
