"""Platform landing page and the error handlers (JSON under /api/, HTML elsewhere)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from globalmarket.tenancy.selectors import active_tenants

from .api import error_body
from .errors import CoreError


def platform_home(request: HttpRequest) -> HttpResponse:
    """http://localhost:8000 lists the regions this deployment serves."""
    if getattr(request, "tenant", None) is not None:
        from globalmarket.storefront.web import home

        return home(request)
    host = request.get_host()
    suffix = f":{host.rsplit(':', 1)[1]}" if ":" in host and not host.endswith("]") else ""
    regions = [
        {"tenant": t, "url": f"{request.scheme}://{(t.aliases or [t.domain])[0]}{suffix}/"}
        for t in active_tenants()
    ]
    return render(request, "core/platform_home.html", {"regions": regions})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(CoreError.NOT_FOUND, "Not found."), status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        body = error_body(CoreError.SERVER_ERROR, "Something went wrong on our side. It has been logged.",
                          request_id=getattr(request, "request_id", None))  # fmt: skip
        return JsonResponse(body, status=500)
    return HttpResponse("<h1>Server error</h1><p>Something went wrong on our side.</p>", status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(CoreError.PERMISSION_DENIED, "Forbidden."), status=403)
    return HttpResponse("<h1>Forbidden</h1>", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(CoreError.INVALID, "Bad request."), status=400)
    return HttpResponse("<h1>Bad request</h1>", status=400)
