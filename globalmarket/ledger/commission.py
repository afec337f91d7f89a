"""Commission rules: which rate applies to a sale, and the commission of one order line.

First matching rule wins, most specific first: vendor > category (nearest ancestor) >
region default > settings.LEDGER_DEFAULT_COMMISSION_RATE. Checkout freezes the rate on
each OrderLine at purchase (`OrderLine.commission_rate`), so later rule changes never
change past orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from globalmarket.core.money import quantize
from globalmarket.tenancy.rows import RowReader

from .models import CommissionRule

RATE_QUANTUM = Decimal("0.0001")


@dataclass(frozen=True)
class CommissionTerms:
    rate: Decimal
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    rule_id: int | None = None
    scope: str = "fallback"

    def amount_for(self, line_net: Decimal, currency: str) -> Decimal:
        """Commission of one line (net of VAT, after discount), bounded by min and max."""
        amount = quantize(line_net * self.rate, currency)
        if self.minimum is not None:
            amount = max(amount, quantize(self.minimum, currency))
        if self.maximum is not None:
            amount = min(amount, quantize(self.maximum, currency))
        return min(amount, quantize(line_net, currency)) if line_net > 0 else Decimal(0)

    def rate_for_line(self, line_net: Decimal, currency: str) -> Decimal:
        """The rate to freeze on the line: the rule's, or the effective one when a bound applies."""
        if line_net <= 0:
            return self.rate
        amount = self.amount_for(line_net, currency)
        if amount == quantize(line_net * self.rate, currency):
            return self.rate
        return (amount / line_net).quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def fallback_rate() -> Decimal:
    return Decimal(str(getattr(settings, "LEDGER_DEFAULT_COMMISSION_RATE", "0.10")))


def commission_rate_for(*, vendor: Any = None, category: Any = None, vendor_id: int | None = None,
                        category_id: int | None = None) -> CommissionTerms:  # fmt: skip
    """The terms for selling in `category` as `vendor` (objects or ids). One query (two by id)."""
    vendor_id = vendor_id if vendor_id is not None else getattr(vendor, "pk", None)
    category_ids: list[int] = []
    if category is not None:
        category_ids = _nearest_first(category.pk, getattr(category, "path", ""))
    elif category_id is not None:
        from globalmarket.catalog.models import Category

        path = Category.objects.filter(pk=category_id).values_list("path", flat=True).first()
        category_ids = _nearest_first(category_id, path)
    rules = list(
        CommissionRule.objects.filter(is_active=True).filter(
            _rules_q(vendor_id=vendor_id, category_ids=category_ids)
        )
    )
    by_vendor = next((r for r in rules if r.vendor_id is not None), None)
    by_category = sorted(
        (r for r in rules if r.category_id is not None),
        key=lambda r: category_ids.index(r.category_id),
    )
    default = next((r for r in rules if r.vendor_id is None and r.category_id is None), None)
    for rule, scope in ((by_vendor, "vendor"), (by_category[0] if by_category else None, "category"),
                        (default, "default")):  # fmt: skip
        if rule is not None:
            return CommissionTerms(rate=rule.rate, minimum=rule.minimum, maximum=rule.maximum,
                                   rule_id=rule.pk, scope=scope)  # fmt: skip
    return CommissionTerms(rate=fallback_rate())


def _nearest_first(category_id: int, path: str | None) -> list[int]:
    """The category and its ancestors, nearest first, from its materialised "/1/4/9/" path."""
    ancestors = [int(p) for p in reversed((path or "").strip("/").split("/")) if p]
    return list(dict.fromkeys([category_id, *ancestors]))


def _rules_q(*, vendor_id: int | None, category_ids: list[int]) -> Q:
    q = Q(vendor__isnull=True, category__isnull=True)
    if vendor_id is not None:
        q |= Q(vendor_id=vendor_id)
    if category_ids:
        q |= Q(category_id__in=category_ids)
    return q


def line_commission(*, line_net: Decimal, rate: Decimal | None, currency: str) -> Decimal:
    """Commission of an order line from its frozen rate (what delivery posts)."""
    if rate is None:
        rate = fallback_rate()
    return quantize(line_net * rate, currency)


# Read on every checkout, so by a prebuilt SELECT (tenancy.rows); not cached, so a rule
# change applies to the next checkout in every process.
_ACTIVE_RULES: RowReader[CommissionRule] = RowReader(CommissionRule)


class CommissionBook:
    """Every active rule loaded once (one query), for pricing many lines, e.g. at checkout."""

    def __init__(self) -> None:
        rules = _ACTIVE_RULES.rows("b.is_active = %s", [True], order_by="b.id")
        self.by_vendor = {r.vendor_id: r for r in rules if r.vendor_id is not None}
        self.by_category = {r.category_id: r for r in rules if r.category_id is not None}
        self.default = next(
            (r for r in rules if r.vendor_id is None and r.category_id is None), None
        )

        self._paths: dict[int, str] | None = None

    def _path(self, category_id: int) -> str:
        if self._paths is None:  # one query, only when category rules exist
            from globalmarket.catalog.models import Category

            self._paths = dict(Category.objects.values_list("id", "path"))
        return self._paths.get(category_id, "")

    def terms_for(self, *, vendor_id: int | None, category: Any = None,
                  category_id: int | None = None) -> CommissionTerms:  # fmt: skip
        """Same matching as commission_rate_for, without a query per line."""
        rule, scope = self.by_vendor.get(vendor_id) if vendor_id is not None else None, "vendor"
        if category is not None:
            category_id = category.pk
        if rule is None and category_id is not None and self.by_category:
            path = (
                getattr(category, "path", "") if category is not None else self._path(category_id)
            )
            for candidate in _nearest_first(category_id, path):
                if candidate in self.by_category:
                    rule, scope = self.by_category[candidate], "category"
                    break
        if rule is None:
            rule, scope = self.default, "default"
        if rule is None:
            return CommissionTerms(rate=fallback_rate())
        return CommissionTerms(rate=rule.rate, minimum=rule.minimum, maximum=rule.maximum,
                               rule_id=rule.pk, scope=scope)  # fmt: skip
