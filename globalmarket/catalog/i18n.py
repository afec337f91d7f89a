"""Pick a translation from a {language: text} dict."""

from django.utils import translation

from globalmarket.tenancy.context import current_tenant, require_tenant


def active_language() -> str:
    """The request's language, else the region's default."""
    return translation.get_language() or require_tenant().default_language


def translated(values: dict[str, str] | None, language: str | None = None) -> str:
    """The text in `language` (default: active), else the tenant's default, else any."""
    if not values:
        return ""
    language = language or translation.get_language() or ""
    if values.get(language):
        return values[language]
    tenant = current_tenant()
    if tenant is not None and values.get(tenant.default_language):
        return values[tenant.default_language]
    return next((text for text in values.values() if text), "")
