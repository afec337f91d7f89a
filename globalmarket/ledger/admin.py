from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from globalmarket.audit.services import audit_log
from globalmarket.tenancy.db import atomic

from .models import Account, CommissionRule, LedgerTransaction

_RULE_FIELDS = ["vendor_id", "category_id", "rate", "minimum", "maximum", "is_active"]


def _rule_values(rule: CommissionRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in _RULE_FIELDS}


@admin.register(CommissionRule)
class CommissionRuleAdmin(admin.ModelAdmin):
    list_display = ["id", "vendor", "category", "rate", "minimum", "maximum", "is_active"]
    raw_id_fields = ["vendor", "category"]

    def save_model(self, request: HttpRequest, obj: CommissionRule, form: ModelForm,
                   change: bool) -> None:  # fmt: skip
        old = _rule_values(CommissionRule.objects.get(pk=obj.pk)) if change else None
        with atomic():
            super().save_model(request, obj, form, change)
            audit_log(action="commission_rule.update" if change else "commission_rule.create",
                      resource_type="commission_rule", resource_id=obj.pk, old=old,
                      new=_rule_values(obj))  # fmt: skip

    def delete_model(self, request: HttpRequest, obj: CommissionRule) -> None:
        with atomic():
            audit_log(action="commission_rule.delete", resource_type="commission_rule",
                      resource_id=obj.pk, old=_rule_values(obj))  # fmt: skip
            super().delete_model(request, obj)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(_ReadOnly):
    list_display = ["code", "currency", "type", "vendor_id"]
    search_fields = ["code"]


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(_ReadOnly):
    list_display = ["occurred_at", "kind", "key", "reference_type", "reference_id", "vendor_id"]
    list_filter = ["kind"]
    search_fields = ["key", "reference_id"]
