"""Prometheus metrics for requests, labelled by tenant, route and status."""

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "gm_http_requests_total", "HTTP requests handled", ["tenant", "route", "method", "status"]
)
LATENCY = Histogram(
    "gm_http_request_duration_seconds",
    "Time to produce a response",
    ["tenant", "route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def observe_request(*, tenant: str, route: str, method: str, status: int, seconds: float) -> None:
    labels = {"tenant": tenant, "route": route, "method": method, "status": str(status)}
    REQUESTS.labels(**labels).inc()
    LATENCY.labels(**labels).observe(seconds)


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
