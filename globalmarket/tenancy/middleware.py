"""Resolve the region from the Host header and choose the language for the request."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from globalmarket.core.api import error_response

from .context import reset_tenant, set_tenant
from .errors import TenancyError
from .models import Tenant
from .selectors import normalise_host, tenant_for_host

# Paths a platform host (e.g. localhost) serves without a region.
PLATFORM_PATHS = ("/api/schema/", "/api/docs/", "/static/", "/favicon.ico")


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.get_host()
        tenant = tenant_for_host(host)
        request.tenant = tenant  # type: ignore[attr-defined]
        if tenant is None:
            if normalise_host(host) in settings.PLATFORM_HOSTS and (
                request.path == "/" or request.path.startswith(PLATFORM_PATHS)
            ):
                return self.get_response(request)
            return self._not_found(request, host)
        if tenant.is_in_maintenance:
            return self._maintenance(request, tenant)
        token = set_tenant(tenant)
        try:
            return self.get_response(request)
        finally:
            reset_tenant(token)

    def _not_found(self, request: HttpRequest, host: str) -> HttpResponse:
        message = f"No marketplace is served at {normalise_host(host)!r}."
        if _wants_json(request):
            return error_response(TenancyError.TENANT_NOT_FOUND, message, status=404)
        return render(request, "tenancy/unknown_host.html", {"message": message}, status=404)

    def _maintenance(self, request: HttpRequest, tenant: Tenant) -> HttpResponse:
        message = f"{tenant.name} is down for maintenance. Please try again shortly."
        response: HttpResponse
        if _wants_json(request):
            response = error_response(TenancyError.MAINTENANCE, message, status=503)
        else:
            response = render(request, "tenancy/maintenance.html", {"tenant": tenant}, status=503)
        response["Retry-After"] = str(tenant.maintenance_retry_after)
        return response


def choose_language(request: HttpRequest, tenant: Tenant) -> str:
    """?lang=, then the language cookie, then the account's, then Accept-Language, then the default."""
    offered = list(tenant.languages)
    candidates = [
        request.GET.get("lang", ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        candidates.append(getattr(user, "preferred_language", ""))
    candidates += [
        code for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    ]
    for candidate in candidates:
        code = candidate.lower().split("-")[0] if candidate else ""
        if code in offered:
            return code
    return tenant.default_language


class TenantLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        language = choose_language(request, tenant) if tenant else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(
            filter(None, [response.headers.get("Vary"), "Accept-Language", "Cookie"])
        )
        translation.deactivate()
        return response
