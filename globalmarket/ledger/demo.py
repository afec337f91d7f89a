"""Demo money trail: a commission rule, delivered and paid orders per demo vendor, payouts.

The orders are real rows (orders + payments), so `manage.py reconcile` agrees with them.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from globalmarket.core.money import quantize, vat_from_gross
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.models import Tenant
from globalmarket.vendors.models import Vendor

from . import posting
from .adapters import on_vendor_order_delivered_for, payment_captured_event
from .models import CommissionRule, Payout
from .payouts import payouts_create

DEMO_SALES = [("Demo item A", "129.00"), ("Demo item B", "54.90"), ("Demo item C", "249.99")]


def _demo_order(tenant: Tenant, vendor: Vendor, index: int, name: str, price: str) -> Any:
    from globalmarket.orders.models import Order, OrderLine, VendorOrder
    from globalmarket.payments.models import Payment

    number = f"{tenant.code}-DEMO-{vendor.pk}-{index}"
    existing = VendorOrder.objects.filter(number=f"{number}-1").first()
    if existing is not None:
        return existing
    cur = tenant.default_currency
    gross = Decimal(price)
    rate = Decimal("0.21") if tenant.code == "EU" else Decimal("0.05")
    vat = vat_from_gross(gross, rate, cur)
    delivered_at = timezone.now() - timedelta(days=3)
    country = (tenant.countries or [vendor.country])[0]
    order = Order.objects.create(
        number=number, customer_email="customer@demo.globalmarket.test", language=tenant.default_language,
        shipping_address={"name": "Demo Customer", "street": "Demo Street 1", "city": "Demo",
                          "postal_code": "1000", "country": country},
        currency=cur, prices_include_vat=True, subtotal=gross, tax=vat, total=gross,
        payment_method="card", payment_status="paid", status="delivered",
    )  # fmt: skip
    vendor_order = VendorOrder.objects.create(
        order=order, vendor=vendor, number=f"{number}-1", sequence=1, currency=cur, subtotal=gross,
        tax=vat, total=gross, status="delivered", delivered_at=delivered_at,
    )  # fmt: skip
    OrderLine.objects.create(
        order=order, vendor_order=vendor_order, product_name=name, product_name_i18n={"en": name},
        sku=f"DEMO-{index}", unit_price=gross, quantity=1, line_subtotal=gross, vat_rate=rate,
        vat_amount=vat, line_net=gross - vat, line_total=gross, commission_rate=Decimal("0.1000"),
    )  # fmt: skip
    payment = Payment.objects.create(
        order=order, order_number=number, method="card", provider="sandbox", status="paid",
        currency=cur, amount=gross, captured_amount=quantize(gross, cur), paid_at=delivered_at,
    )  # fmt: skip
    event = payment_captured_event(payment)
    assert event is not None  # a paid card payment, never cash on delivery
    posting.on_payment_captured(event)
    on_vendor_order_delivered_for(vendor_order)
    return vendor_order


def seed(tenant: Tenant, *, stdout: Any) -> None:
    """Idempotent: demo orders are found by number, payouts are one per vendor and period."""
    with atomic():
        CommissionRule.objects.get_or_create(
            vendor=None, category=None, defaults={"rate": Decimal("0.1000")}
        )
        vendors = list(Vendor.objects.filter(status=Vendor.Status.APPROVED).order_by("pk"))
        for vendor in vendors:
            for index, (name, price) in enumerate(DEMO_SALES):
                _demo_order(tenant, vendor, index, name, price)
    today = timezone.localdate()
    payouts_create(period_start=today - timedelta(days=7), period_end=today - timedelta(days=1))
    stdout.write(f"  ledger: {len(vendors)} vendors with delivered demo orders, "
                 f"{Payout.objects.count()} payouts pending approval")  # fmt: skip
