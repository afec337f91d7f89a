"""Content-Security-Policy for server-rendered pages: our own scripts and styles only."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Sets CSP on HTML responses; the Django admin and API docs get their own (looser) policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response.headers:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if request.path.startswith(tuple(settings.CSP_EXEMPT_PATHS)):
            return response
        policy = settings.CSP_ADMIN if request.path.startswith("/admin/") else settings.CSP_POLICY
        response.headers["Content-Security-Policy"] = policy
        return response
