"""Request ids, health probes and Prometheus metrics: the first things every request meets."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from . import metrics, probes
from .logging import request_id_var

logger = logging.getLogger("globalmarket.request")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Take a well-formed X-Request-ID from the proxy or make one; echo it on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        tenant = getattr(request, "tenant", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "request_id": request_id,
                "tenant": tenant.slug if tenant else "-",
            },
        )
        return response


class ProbeMiddleware:
    """Answer /healthz, /readyz and /metrics for any Host (probes come by pod IP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            checks = probes.readiness()
            ok = all(check["ok"] for check in checks.values())
            return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks},
                                status=200 if ok else 503)  # fmt: skip
        if request.path == "/metrics":
            body, content_type = metrics.render()
            return HttpResponse(body, content_type=content_type)
        return self.get_response(request)


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None and match.route else "unmatched"
        tenant = getattr(request, "tenant", None)
        metrics.observe_request(
            tenant=tenant.slug if tenant else "none",
            route=route,
            method=request.method or "",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response
