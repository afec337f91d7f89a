from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from globalmarket.core import views as core_views
from globalmarket.tenancy.api import TenantApi

# Django tries these in order on every request: the shoppers' hot reads (catalog, search)
# come first. No two apps share a route.
api_v1: list[URLPattern | URLResolver] = [
    path("", include("globalmarket.catalog.urls_api")),
    path("", include("globalmarket.search.urls_api")),
    path("tenant/", TenantApi.as_view(), name="tenant"),
    path("", include("globalmarket.accounts.urls_api")),
    path("", include("globalmarket.audit.urls_api")),
    path("", include("globalmarket.vendors.urls_api")),
    path("", include("globalmarket.cart.urls_api")),
    path("", include("globalmarket.checkout.urls_api")),
    path("", include("globalmarket.orders.urls_api")),
    path("", include("globalmarket.payments.urls_api")),
    path("", include("globalmarket.ledger.urls_api")),
    path("", include("globalmarket.staff.urls_api")),
]

urlpatterns = [
    path("", core_views.platform_home, name="home"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("account/", include("globalmarket.accounts.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Server-rendered pages of each area (each app owns its URL prefix inside its urls.py).
    path("", include("globalmarket.storefront.urls")),
    path("", include("globalmarket.search.urls")),
    path("", include("globalmarket.cart.urls")),
    path("", include("globalmarket.checkout.urls")),
    path("", include("globalmarket.orders.urls")),
    path("", include("globalmarket.payments.urls")),
    path("vendor/", include("globalmarket.dashboard.urls")),
    path("staff/", include("globalmarket.staff.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler400 = "globalmarket.core.views.bad_request"
handler403 = "globalmarket.core.views.permission_denied"
handler404 = "globalmarket.core.views.page_not_found"
handler500 = "globalmarket.core.views.server_error"
