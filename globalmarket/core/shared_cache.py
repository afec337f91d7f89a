"""Whole public responses served from the cache before the middleware stack (ADR 0153).

A public, cacheable API view declares how its response varies with a `SharedCache` policy
on the class (`shared_cache = SharedCache(...)`): the cache version keys whose change
invalidates it (catalog, search index), the query parameters that shape it (others, such as
`utm_source`, share the entry) and the cookies it reads. For a GET to such a view,
`SharedResponseCacheMiddleware` reads the stored response and the current versions in one
Redis round trip and answers at once on a hit, without sessions, authentication, URL
dispatch or DRF; on a miss it lets the request through and stores the response on the way
back. That is the same answer the whole stack would give because the key holds everything
the response depends on:

* the host and scheme (the region, and the absolute `next`/`previous` links);
* the view, its declared parameters and cookies;
* the language, chosen by the very function the language middleware uses
  (`tenancy.middleware.choose_language`);
* and, in the entry, the versions it was built under: it counts only while they are current.

A request that carries a session cookie is left to the stack: its language may come from the
signed-in account, which the front door does not load. Such requests still use the views'
own body caches. Only 200 responses without cookies are stored, and only for views that
declare a policy; the region's maintenance switch is honoured on hits as well.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from globalmarket.core.cache_versions import CacheVersion
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.middleware import choose_language
from globalmarket.tenancy.selectors import tenant_for_host


@dataclass(frozen=True)
class SharedCache:
    """How a public view's response varies (see the module docstring)."""

    versions: tuple[str, ...]
    params: frozenset[str] = frozenset()
    cookies: tuple[str, ...] = ()

    def key(self, request: HttpRequest, view: str, kwargs: dict[str, Any], language: str) -> str:
        query = request.GET
        parts = [
            request.scheme or "",
            request.get_host(),
            view,
            language,
            repr(sorted(kwargs.items())),
            *(f"{name}={query.getlist(name)}" for name in sorted(self.params) if name in query),
            *(f"{name}={request.COOKIES.get(name, '')}" for name in self.cookies),
        ]
        digest = hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
        return f"shared:{digest}"


def handled_by_shared_cache(request: Any) -> bool:
    """True when the middleware reads and stores this request's whole response, so a view
    need not keep its body in its own cache as well."""
    return bool(getattr(request, "shared_cache_key", None))


# Headers that belong to one response, not to the stored one.
_NOT_STORED = {"x-cache", "x-request-id", "set-cookie"}


class SharedResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        view_class = getattr(match.func, "view_class", None)
        policy: SharedCache | None = getattr(view_class, "shared_cache", None)
        tenant = tenant_for_host(request.get_host()) if policy is not None else None
        if policy is None or tenant is None or tenant.is_in_maintenance:
            return self.get_response(request)

        key = policy.key(request, match.view_name, match.kwargs, choose_language(request, tenant))
        with use_tenant(tenant):
            values = cache.get_many([key, *policy.versions])
            versions = tuple(
                values.get(name) or CacheVersion(name).current() for name in policy.versions
            )
        entry = values.get(key)
        if entry is not None and entry[0] == versions:
            request.resolver_match = match  # for the metrics' route label
            response = HttpResponse(entry[2], status=entry[1], headers=entry[3])
            response["X-Cache"] = "HIT"
            return response

        request.shared_cache_key = key  # type: ignore[attr-defined]
        # The versions the response is stored under, for views that key parts of it by them.
        request.shared_cache_versions = dict(zip(policy.versions, versions, strict=True))  # type: ignore[attr-defined]
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {k: v for k, v in response.items() if k.lower() not in _NOT_STORED}
            stored = (versions, response.status_code, response.content, headers)
            with use_tenant(tenant):
                cache.set(key, stored, timeout=settings.CATALOG_CACHE_SECONDS)
        return response
