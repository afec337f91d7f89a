from typing import Any

from django.apps import apps


def user_roles(user: Any) -> list[str]:
    """Every role the user holds in this region, e.g. ["customer", "vendor:acme:owner"]."""
    roles = ["customer"]
    if user.staff_role:
        roles.append(f"staff:{user.staff_role}")
    if user.is_platform_admin:
        roles.append("platform_admin")
    if apps.is_installed("globalmarket.vendors"):
        from globalmarket.vendors.selectors import memberships_for  # type: ignore[import-not-found]

        roles += [f"vendor:{m.vendor.slug}:{m.role}" for m in memberships_for(user)]
    return roles
