"""One error shape for every API error: {"error": {"code", "message", "fields"}}."""

import logging
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .errors import ApplicationError, CoreError, FieldErrors, RateLimited

logger = logging.getLogger(__name__)

_DRF_CODES: list[tuple[type[exceptions.APIException], CoreError]] = [
    (exceptions.ParseError, CoreError.PARSE_ERROR),
    (exceptions.NotAuthenticated, CoreError.NOT_AUTHENTICATED),
    (exceptions.AuthenticationFailed, CoreError.AUTHENTICATION_FAILED),
    (exceptions.PermissionDenied, CoreError.PERMISSION_DENIED),
    (exceptions.NotFound, CoreError.NOT_FOUND),
    (exceptions.MethodNotAllowed, CoreError.METHOD_NOT_ALLOWED),
    (exceptions.NotAcceptable, CoreError.NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, CoreError.UNSUPPORTED_MEDIA_TYPE),
    (exceptions.Throttled, CoreError.RATE_LIMITED),
]


def error_body(code: StrEnum | str, message: str, fields: FieldErrors | None = None,
               **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"error": {"code": str(code), "message": message, "fields": fields or {}, **extra}}


def error_response(code: StrEnum | str, message: str, *, status: int,
                   fields: FieldErrors | None = None) -> JsonResponse:  # fmt: skip
    """A plain Django response in the API error shape (for middleware and handlers)."""
    return JsonResponse(error_body(code, message, fields), status=status)


def flatten_field_errors(detail: Any, prefix: str = "") -> FieldErrors:
    """Turn DRF's nested ErrorDetail structure into {"a.b.0.c": [{"code", "message"}]}."""
    out: FieldErrors = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else str(key)
            for path, errors in flatten_field_errors(
                value, f"{prefix}.{name}" if prefix else name
            ).items():
                out.setdefault(path, []).extend(errors)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [
                {"code": str(getattr(item, "code", "invalid")), "message": str(item)}
                for item in detail
            ]
        else:
            for index, item in enumerate(detail):
                if item:
                    out.update(
                        flatten_field_errors(item, f"{prefix}.{index}" if prefix else str(index))
                    )
    else:
        out[prefix or "non_field_errors"] = [
            {"code": str(getattr(detail, "code", "invalid")), "message": str(detail)}
        ]
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    headers: dict[str, str] = {}
    if isinstance(exc, ApplicationError):
        set_rollback()
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        body = error_body(exc.code, exc.message, exc.fields, **exc.extra)
        return Response(body, status=exc.status, headers=headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's handler500 answers with the same shape
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_field_errors(exc.detail)
        return Response(
            error_body(CoreError.INVALID, "The request has invalid fields.", fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    code = next((code for cls, code in _DRF_CODES if isinstance(exc, cls)), None)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    detail = exc.detail
    message = str(detail) if not isinstance(detail, dict | list) else "Request failed."
    return Response(
        error_body(code or str(exc.default_code), message), status=exc.status_code, headers=headers
    )
