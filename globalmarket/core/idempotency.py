"""Idempotency-Key for POSTs that create money movements (Stripe's semantics).

The first request with a key runs and its response is stored; a repeat with the same body
replays that response (header `Idempotent-Replayed: true`); the same key with a different
body is refused with 422; a repeat while the first is still running gets 409.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.rows import insert_rows

from .api import error_body
from .errors import CoreError
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
TTL = timedelta(hours=24)


def _fingerprint(request: Request) -> str:
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        body = repr(request.data)
    raw = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _caller(request: Request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"anon:{request.headers.get('X-Cart-Token', '') or request.META.get('REMOTE_ADDR', '')}"


def _insert(alias: str, **fields: Any) -> IdempotencyRecord:
    if connections[alias].in_atomic_block:
        with transaction.atomic(using=alias):  # a savepoint: a clash must not spoil the outer one
            return insert_rows([IdempotencyRecord(**fields)])[0]
    return insert_rows([IdempotencyRecord(**fields)])[0]  # autocommit: one statement


def _claim(alias: str, *, scope: str, key: str, fingerprint: str) -> IdempotencyRecord:
    """Insert the key's record, or raise IntegrityError if a live one (younger than TTL) exists.

    An expired record is deleted only when its key comes back, so a first request costs one
    INSERT and no clean-up query.
    """
    try:
        return _insert(alias, scope=scope, key=key, fingerprint=fingerprint)
    except IntegrityError:
        expired = IdempotencyRecord.objects.filter(
            scope=scope, key=key, created_at__lt=timezone.now() - TTL
        ).delete()[0]
        if not expired:
            raise
    return _insert(alias, scope=scope, key=key, fingerprint=fingerprint)


def purge_expired(limit: int = 10_000) -> int:
    """Delete up to `limit` records of the current tenant older than TTL (oldest first)."""
    expired = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - TTL)
    ids = list(expired.order_by("created_at").values_list("pk", flat=True)[:limit])
    return IdempotencyRecord.objects.filter(pk__in=ids).delete()[0] if ids else 0


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate an APIView's post() so it honours the Idempotency-Key header."""

    @functools.wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        if not (1 <= len(key) <= 255) or not key.isprintable():
            return Response(
                error_body(
                    CoreError.IDEMPOTENCY_KEY_INVALID,
                    "Idempotency-Key must be 1-255 printable characters.",
                ),
                status=400,
            )
        alias = require_tenant().database_alias
        scope = f"{request.path}|{_caller(request)}"[:200]
        fingerprint = _fingerprint(request)
        try:
            record = _claim(alias, scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(scope=scope, key=key)
            if existing.fingerprint != fingerprint:
                return Response(
                    error_body(CoreError.IDEMPOTENCY_KEY_REUSED,
                               "This Idempotency-Key was used with a different request."),
                    status=422,
                )  # fmt: skip
            if existing.state != IdempotencyRecord.State.DONE:
                return Response(
                    error_body(CoreError.IDEMPOTENCY_IN_PROGRESS,
                               "A request with this Idempotency-Key is still being processed."),
                    status=409,
                )  # fmt: skip
            return Response(existing.response_body, status=existing.response_status,
                            headers={"Idempotent-Replayed": "true"})  # fmt: skip
        try:
            response = view_method(self, request, *args, **kwargs)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()
            return response
        record.state = IdempotencyRecord.State.DONE
        record.response_status = response.status_code
        record.response_body = json.loads(json.dumps(response.data, default=str))
        record.save(update_fields=["state", "response_status", "response_body"])
        return response

    return wrapper
