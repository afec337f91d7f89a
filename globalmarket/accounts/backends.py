from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class EmailBackend(ModelBackend):
    """Email and password, case-insensitive email, in the current region's database."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:  # fmt: skip
        return super().authenticate(request, username=(username or kwargs.get("email") or "").lower(),
                                    password=password)  # fmt: skip
