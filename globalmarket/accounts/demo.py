"""Demo accounts, the same in every region (each region has its own copy)."""

from typing import Any

from globalmarket.tenancy.models import Tenant

from .models import User
from .roles import StaffRole

DEMO_PASSWORD = "demo-pass-2026"
DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {"email": "customer@demo.globalmarket.test", "full_name": "Demo Customer"},
    {"email": "vendor@demo.globalmarket.test", "full_name": "Demo Vendor"},
    {
        "email": "staff@demo.globalmarket.test",
        "full_name": "Demo Staff",
        "staff_role": StaffRole.ADMIN,
    },
    {
        "email": "finance@demo.globalmarket.test",
        "full_name": "Demo Finance",
        "staff_role": StaffRole.FINANCE,
    },
    {
        "email": "admin@demo.globalmarket.test",
        "full_name": "Platform Admin",
        "is_platform_admin": True,
    },
]


def seed(tenant: Tenant, *, stdout: Any) -> None:
    for spec in DEMO_ACCOUNTS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User(**spec, preferred_language=tenant.default_language)
            user.set_password(DEMO_PASSWORD)
            user.save()
    stdout.write(
        f"  accounts: {', '.join(a['email'] for a in DEMO_ACCOUNTS)} (password {DEMO_PASSWORD})"
    )
