"""Who is acting, for the audit log: the current request (or an explicit context).

`AuditContextMiddleware` keeps the current HttpRequest in a context variable. The actor is
read from `request.user` only when a log entry is written, so it is the user that DRF's
token authentication set (DRF's `Request.user` setter also sets it on the HttpRequest).
Tasks and commands use `audit_actor(...)` to say who acts (or nobody: "system").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from globalmarket.core.http import client_ip

USER_AGENT_MAX = 512


@dataclass(frozen=True)
class Actor:
    """The who/where of one audit entry."""

    user_id: int | None = None
    email: str = ""
    role: str = "system"
    ip: str | None = None
    user_agent: str = ""


_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_explicit: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def role_of(user: Any) -> str:
    """A role label without extra queries; vendor services pass e.g. "vendor:owner" themselves."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    if getattr(user, "is_platform_admin", False):
        return "platform_admin"
    if getattr(user, "staff_role", ""):
        return f"staff:{user.staff_role}"
    return "user"


def actor_from_user(user: Any, *, role: str | None = None, ip: str | None = None,
                    user_agent: str = "") -> Actor:  # fmt: skip
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(role=role or "anonymous", ip=ip or None, user_agent=user_agent)
    return Actor(user_id=user.pk, email=user.email, role=role or role_of(user), ip=ip or None,
                 user_agent=user_agent[:USER_AGENT_MAX])  # fmt: skip


def current_actor(*, user: Any = None, role: str | None = None) -> Actor:
    """The actor for an entry: explicit context, else the current request, else "system"."""
    explicit = _explicit.get()
    request = _request.get()
    ip = client_ip(request) if request is not None else None
    agent = request.headers.get("User-Agent", "") if request is not None else ""
    if user is not None:
        if explicit is not None:
            ip, agent = explicit.ip, explicit.user_agent
        return actor_from_user(user, role=role, ip=ip, user_agent=agent)
    if explicit is not None:
        return explicit if role is None else Actor(**{**explicit.__dict__, "role": role})
    if request is not None:
        return actor_from_user(getattr(request, "user", None), role=role, ip=ip, user_agent=agent)
    return Actor(role=role or "system")


@contextmanager
def audit_actor(actor: Actor | None = None, *, user: Any = None, role: str | None = None,
                ip: str | None = None, user_agent: str = "") -> Iterator[Actor]:  # fmt: skip
    """Say who acts outside a request (tasks, commands, tests): `with audit_actor(user=u):`."""
    value = actor or (
        actor_from_user(user, role=role, ip=ip, user_agent=user_agent)
        if user is not None
        else Actor(role=role or "system", ip=ip, user_agent=user_agent)
    )
    token = _explicit.set(value)
    try:
        yield value
    finally:
        _explicit.reset(token)


class AuditContextMiddleware:
    """Remember the request so services can attribute audit entries (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
