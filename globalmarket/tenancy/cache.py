"""Cache keys carry the tenant, so one region's cache entry can never be read by another."""

from .context import current_tenant


def make_key(key: str, key_prefix: str, version: int) -> str:
    tenant = current_tenant()
    scope = f"t:{tenant.slug}" if tenant is not None else "global"
    return f"{key_prefix}:{scope}:{version}:{key}"
