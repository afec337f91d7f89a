"""Django admin permissions derived from staff roles (accounts.roles), not from Django groups.

`StaffRoleBackend` answers `user.has_perm("orders.change_order")` from the role rules, so every
ModelAdmin of every app obeys the same roles as the API without per-admin code. Delete is
granted only where a rule says so: money and history are never deleted from the admin.
"""

from typing import Any

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm

# app label (or "app.model") -> Django action -> the Perm that allows it.
ADMIN_RULES: dict[str, dict[str, Perm]] = {
    "vendors": {"view": Perm.VENDOR_REVIEW, "change": Perm.VENDOR_REVIEW},
    "catalog": {"view": Perm.PRODUCT_MODERATE, "change": Perm.PRODUCT_MODERATE,
                "add": Perm.PRODUCT_MODERATE},
    "orders": {"view": Perm.ORDER_VIEW_ALL, "change": Perm.ORDER_MANAGE},
    "cart": {"view": Perm.ORDER_VIEW_ALL},
    "checkout": {"view": Perm.ORDER_VIEW_ALL},
    "checkout.coupon": {"view": Perm.COUPON_MANAGE, "change": Perm.COUPON_MANAGE,
                        "add": Perm.COUPON_MANAGE, "delete": Perm.COUPON_MANAGE},
    "checkout.taxrate": {"view": Perm.TENANT_SETTINGS, "change": Perm.TENANT_SETTINGS,
                         "add": Perm.TENANT_SETTINGS},
    "payments": {"view": Perm.ORDER_VIEW_ALL, "change": Perm.REFUND_ISSUE},
    "ledger": {"view": Perm.FINANCE_VIEW, "change": Perm.PAYOUT_APPROVE},
    "audit": {"view": Perm.AUDIT_VIEW},
    "accounts": {"view": Perm.TENANT_SETTINGS, "change": Perm.TENANT_SETTINGS},
}  # fmt: skip


def _rule(app_label: str, codename: str) -> Perm | None:
    action, _, model = codename.partition("_")
    rules = ADMIN_RULES.get(f"{app_label}.{model}") or ADMIN_RULES.get(app_label) or {}
    return rules.get(action)


class StaffRoleBackend:
    """Authorization only: never authenticates anyone."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_staff", False) or "." not in perm:
            return False
        app_label, codename = perm.split(".", 1)
        rule = _rule(app_label, codename)
        return rule is not None and has_perm(user_obj, rule)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not getattr(user_obj, "is_staff", False):
            return False
        if getattr(user_obj, "is_platform_admin", False):
            return True
        rules = [r for key, actions in ADMIN_RULES.items() if key.split(".")[0] == app_label
                 for r in actions.values()]  # fmt: skip
        return any(has_perm(user_obj, rule) for rule in rules)
