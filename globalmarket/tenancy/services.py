"""Create and change tenants (control plane)."""

from typing import Any

from django.conf import settings
from django.db import transaction

from globalmarket.core.errors import ApplicationError

from .errors import TenancyError
from .models import Tenant
from .selectors import clear_tenant_cache

_EDITABLE = {
    "name", "type", "domain", "aliases", "api_domain", "default_currency", "default_language",
    "languages", "timezone", "countries", "prices_include_vat", "features", "is_active",
    "is_in_maintenance", "maintenance_retry_after",
}  # fmt: skip


def _validate(values: dict[str, Any]) -> None:
    alias = values.get("database_alias")
    if alias is not None and (alias == "default" or alias not in settings.DATABASES):
        raise ApplicationError(
            TenancyError.UNKNOWN_DATABASE,
            f"Database alias {alias!r} is not configured (set DATABASE_URL_<REGION>).",
            fields={"database_alias": [{"code": "invalid", "message": "Not a region database."}]},
        )
    languages = values.get("languages")
    known = {code for code, _ in settings.LANGUAGES}
    if languages is not None and not set(languages) <= known:
        raise ApplicationError(
            TenancyError.UNKNOWN_LANGUAGE, f"Languages must be among {sorted(known)}."
        )
    if (
        "default_language" in values
        and languages is not None
        and values["default_language"] not in languages
    ):
        raise ApplicationError(
            TenancyError.UNKNOWN_LANGUAGE, "The default language must be offered."
        )


@transaction.atomic(using="default")
def tenant_create(
    *, slug: str, name: str, type: str, domain: str, database_alias: str, **fields: Any
) -> Tenant:
    values = {"slug": slug, "name": name, "type": type, "domain": domain.lower(),
              "database_alias": database_alias, **fields}  # fmt: skip
    _validate(values)
    tenant = Tenant(**values)
    tenant.full_clean()
    tenant.save(using="default")
    transaction.on_commit(clear_tenant_cache, using="default")
    return tenant


@transaction.atomic(using="default")
def tenant_update(*, tenant: Tenant, **changes: Any) -> Tenant:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ApplicationError(TenancyError.NOT_EDITABLE, f"Cannot change {sorted(unknown)}.")
    _validate({"languages": tenant.languages, **changes})
    for field, value in changes.items():
        setattr(tenant, field, value)
    tenant.full_clean()
    tenant.save(using="default")
    transaction.on_commit(clear_tenant_cache, using="default")
    return tenant
