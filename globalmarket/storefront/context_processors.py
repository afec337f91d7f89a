"""What every page's header needs: languages offered, shopper country, categories, cart count."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

COUNTRY_COOKIE = "gm_country"


def site(request: HttpRequest) -> dict[str, Any]:
    from globalmarket.tenancy.context import current_tenant

    tenant = getattr(request, "tenant", None)
    # Maintenance and unknown-host pages render without a region context (its database may
    # be down): they get the plain layout and no region data.
    if tenant is None or current_tenant() is None:
        return {}
    from babel import Locale

    from globalmarket.core.formats import babel_locale

    from . import selectors

    names = dict(settings.LANGUAGES)
    locale = Locale.parse(babel_locale())
    countries = [(code, locale.territories.get(code, code)) for code in tenant.countries]
    return {
        "storefront": True,
        "site_languages": [(code, names.get(code, code)) for code in tenant.languages],
        "site_countries": countries,
        "shopper_country": selectors.shopper_country(request.COOKIES.get(COUNTRY_COOKIE)),
        "nav_categories": lambda: selectors.nav_categories(),
        "cart_count": lambda: _cart_count(request),
    }


def _cart_count(request: HttpRequest) -> int:
    from .cart_web import item_count

    return item_count(request)
