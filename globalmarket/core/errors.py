"""Errors that carry a machine-readable code; the API turns them into one JSON shape."""

from enum import StrEnum
from typing import Any

FieldErrors = dict[str, list[dict[str, str]]]


class CoreError(StrEnum):
    INVALID = "invalid"
    PARSE_ERROR = "parse_error"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    RATE_LIMITED = "rate_limited"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
    IDEMPOTENCY_IN_PROGRESS = "idempotency_request_in_progress"
    SERVER_ERROR = "server_error"


class ApplicationError(Exception):
    """A domain error with a code. Services raise it; the API renders it."""

    status = 400

    def __init__(
        self,
        code: StrEnum | str,
        message: str,
        *,
        status: int | None = None,
        fields: FieldErrors | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.fields = fields or {}
        self.extra = extra or {}
        if status is not None:
            self.status = status


class NotFound(ApplicationError):
    """Does not exist, or is not yours: the two are indistinguishable on purpose."""

    status = 404

    def __init__(
        self, message: str = "Not found.", code: StrEnum | str = CoreError.NOT_FOUND
    ) -> None:
        super().__init__(code, message)


class Conflict(ApplicationError):
    """The request is valid but the resource's state does not allow it."""

    status = 409


class Forbidden(ApplicationError):
    status = 403

    def __init__(self, message: str = "You do not have permission to do this.",
                 code: StrEnum | str = CoreError.PERMISSION_DENIED) -> None:  # fmt: skip
        super().__init__(code, message)


class RateLimited(ApplicationError):
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(CoreError.RATE_LIMITED, message, extra={"retry_after": retry_after})
        self.retry_after = retry_after


def field_error(field: str, code: StrEnum | str, message: str) -> FieldErrors:
    return {field: [{"code": str(code), "message": message}]}
