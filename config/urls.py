from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from globalmarket.core import views as core_views
from globalmarket.tenancy.api import TenantApi

api_v1: list[URLPattern | URLResolver] = [
    path("tenant/", TenantApi.as_view(), name="tenant"),
    path("", include("globalmarket.accounts.urls_api")),
]

urlpatterns = [
    path("", core_views.platform_home, name="home"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("account/", include("globalmarket.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "globalmarket.core.views.bad_request"
handler403 = "globalmarket.core.views.permission_denied"
handler404 = "globalmarket.core.views.page_not_found"
handler500 = "globalmarket.core.views.server_error"
