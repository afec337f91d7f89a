"""Pure pricing: lines, coupon discount, shipping per vendor, VAT per line, totals.

No database access here, so the arithmetic can be property-tested (tests/test_pricing.py).
Identities that always hold (amounts quantized to the currency):
  prices exclude VAT: total = subtotal + shipping_cost - discount + tax
  prices include VAT: total = subtotal + shipping_cost - discount   (tax is contained in it)
  total = Σ vendor totals = Σ line totals + Σ shipping (with VAT);  0 ≤ discount ≤ subtotal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from globalmarket.core.money import exponent, quantize

from .tax import line_vat, rate_for


@dataclass(frozen=True)
class Item:
    key: int  # variant id
    vendor_id: int
    unit_price: Decimal
    quantity: int
    tax_class: str = "standard"


@dataclass(frozen=True)
class Shipping:
    cost: Decimal
    days_min: int | None = None
    days_max: int | None = None
    free_over: Decimal | None = None


@dataclass(frozen=True)
class CouponTerms:
    kind: str  # "percentage" | "fixed"
    value: Decimal
    vendor_id: int | None = None
    min_spend: Decimal = Decimal(0)


@dataclass
class LineQuote:
    item: Item
    subtotal: Decimal
    discount: Decimal
    vat_rate: Decimal
    vat: Decimal
    net: Decimal
    total: Decimal


@dataclass
class VendorQuote:
    vendor_id: int
    lines: list[LineQuote]
    subtotal: Decimal
    shipping_cost: Decimal
    shipping_vat: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    days_min: int | None
    days_max: int | None
    vat_breakdown: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Quote:
    currency: str
    includes_vat: bool
    vendors: list[VendorQuote]
    subtotal: Decimal
    shipping_cost: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    vat_breakdown: list[dict[str, str]]
    coupon_applied: bool


def coupon_discount(terms: CouponTerms, eligible: Decimal, currency: str) -> Decimal:
    """The discount on the eligible subtotal, never more than it (so totals stay ≥ 0)."""
    if eligible <= 0:
        return Decimal(0)
    if terms.kind == "percentage":
        amount = quantize(eligible * min(terms.value, Decimal(100)) / Decimal(100), currency)
    else:
        amount = quantize(terms.value, currency)
    return min(amount, eligible)


def allocate(total: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    """Split `total` over `weights` proportionally, in minor units, largest remainder first."""
    weight_sum = sum(weights, Decimal(0))
    if total <= 0 or weight_sum <= 0:
        return [Decimal(0)] * len(weights)
    unit = Decimal(1).scaleb(-exponent(currency))
    raw = [total * w / weight_sum for w in weights]
    shares = [r.quantize(unit, rounding=ROUND_DOWN) for r in raw]
    left = int((total - sum(shares, Decimal(0))) / unit)
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - raw[i], -weights[i], i))
    for i in order[:left]:
        shares[i] += unit
    return shares


def _breakdown(rows: list[tuple[Decimal, Decimal, Decimal]]) -> list[dict[str, str]]:
    """[(rate, base, vat)] → [{"rate", "base", "tax"}] per rate, highest rate first."""
    by_rate: dict[Decimal, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for rate, base, vat in rows:
        by_rate[rate][0] += base
        by_rate[rate][1] += vat
    return [
        {"rate": str(rate.quantize(Decimal("0.0001"))), "base": str(b), "tax": str(v)}
        for rate, (b, v) in sorted(by_rate.items(), reverse=True)
    ]


def build_quote(
    *,
    items: list[Item],
    shipping: dict[int, Shipping],
    country: str,
    rates: dict[tuple[str, str], Decimal],
    currency: str,
    includes_vat: bool,
    coupon: CouponTerms | None = None,
) -> Quote:
    q = lambda amount: quantize(amount, currency)  # noqa: E731
    subtotals = [q(item.unit_price * item.quantity) for item in items]

    discounts = [Decimal(0)] * len(items)
    coupon_applied = False
    if coupon is not None:
        eligible_idx = [
            i for i, item in enumerate(items)
            if coupon.vendor_id is None or item.vendor_id == coupon.vendor_id
        ]  # fmt: skip
        eligible = sum((subtotals[i] for i in eligible_idx), Decimal(0))
        if eligible_idx and eligible >= coupon.min_spend:
            amount = coupon_discount(coupon, eligible, currency)
            for i, share in zip(
                eligible_idx,
                allocate(amount, [subtotals[i] for i in eligible_idx], currency),
                strict=True,
            ):
                discounts[i] = share
            coupon_applied = amount > 0

    vendor_ids = list(dict.fromkeys(item.vendor_id for item in items))
    vendors: list[VendorQuote] = []
    all_rows: list[tuple[Decimal, Decimal, Decimal]] = []
    for vendor_id in vendor_ids:
        lines: list[LineQuote] = []
        rows: list[tuple[Decimal, Decimal, Decimal]] = []
        for i, item in enumerate(items):
            if item.vendor_id != vendor_id:
                continue
            rate = rate_for(rates, country, item.tax_class)
            amount = subtotals[i] - discounts[i]
            vat = line_vat(amount, rate, currency, includes_vat=includes_vat)
            net = amount - vat if includes_vat else amount
            total = amount if includes_vat else amount + vat
            lines.append(LineQuote(item, subtotals[i], discounts[i], rate, vat, net, total))
            rows.append((rate, net, vat))
        v_subtotal = sum((line.subtotal for line in lines), Decimal(0))
        v_discount = sum((line.discount for line in lines), Decimal(0))
        ship = shipping.get(vendor_id, Shipping(Decimal(0)))
        ship_cost = q(ship.cost)
        if ship.free_over is not None and v_subtotal >= ship.free_over:
            ship_cost = Decimal(0)
        ship_rate = rate_for(rates, country, "standard")
        ship_vat = line_vat(ship_cost, ship_rate, currency, includes_vat=includes_vat)
        if ship_cost:
            rows.append((ship_rate, ship_cost - ship_vat if includes_vat else ship_cost, ship_vat))
        v_tax = sum((line.vat for line in lines), Decimal(0)) + ship_vat
        v_total = v_subtotal + ship_cost - v_discount + (Decimal(0) if includes_vat else v_tax)
        vendors.append(
            VendorQuote(
                vendor_id=vendor_id, lines=lines, subtotal=v_subtotal, shipping_cost=ship_cost,
                shipping_vat=ship_vat, discount=v_discount, tax=v_tax, total=v_total,
                days_min=ship.days_min, days_max=ship.days_max, vat_breakdown=_breakdown(rows),
            )
        )  # fmt: skip
        all_rows.extend(rows)

    def total_of(attr: str) -> Decimal:
        return sum((getattr(v, attr) for v in vendors), Decimal(0))

    return Quote(
        currency=currency,
        includes_vat=includes_vat,
        vendors=vendors,
        subtotal=total_of("subtotal"),
        shipping_cost=total_of("shipping_cost"),
        discount=total_of("discount"),
        tax=total_of("tax"),
        total=total_of("total"),
        vat_breakdown=_breakdown(all_rows),
        coupon_applied=coupon_applied,
    )
