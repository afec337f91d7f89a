"""Payment messages are sent once (the orders' guard); refund totals are summed by SQL."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.orders.selectors import order_events
from globalmarket.payments.models import Payment, Refund
from globalmarket.payments.refunds import refund_automatic, refund_create
from globalmarket.payments.tasks import notify_customer_task
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.tests.factories import VendorFactory

from .factories import make_order
from .test_refunds import _paid_order

pytestmark = pytest.mark.django_db


def test_a_payment_message_task_run_twice_sends_one_mail(eu) -> None:
    with use_tenant(eu):
        order = make_order()
        for _ in range(2):  # e.g. redelivered after a worker was lost (acks_late)
            notify_customer_task(order.pk, "Refund", "10.00 EUR refunded.", "refund", "refund-1")
        assert len(mail.outbox) == 1
        notify_customer_task(order.pk, "Refund", "5.00 EUR refunded.", "refund", "refund-2")
        assert [m.body for m in mail.outbox] == ["10.00 EUR refunded.", "5.00 EUR refunded."]
        # The send-once records are internal: the order's timeline leaves them out.
        assert list(order_events(order)) == []


def test_automatic_refund_sums_refunds_in_one_query(eu, run_on_commit) -> None:
    with use_tenant(eu):
        vendors = [VendorFactory() for _ in range(4)]
    order = _paid_order(eu, run_on_commit, vendors=vendors)
    with use_tenant(eu):
        payment = Payment.objects.get(order=order)
        first, second, third, fourth = order.vendor_orders.order_by("pk")
        for vendor_order, amount in ((first, "50.00"), (second, "20.00")):
            refund_create(payment=payment, amount=Decimal(amount), reason="earlier",
                          vendor_order_id=vendor_order.pk, limit=vendor_order.total)  # fmt: skip
        with CaptureQueriesContext(connections[eu.database_alias]) as region:
            made = refund_automatic(payment_id=payment.pk, reason="stock gone")
        assert [(r.vendor_order_id, r.amount) for r in made] == [
            (second.pk, Decimal("30.000")), (third.pk, Decimal("50.000")),
            (fourth.pk, Decimal("50.000"))]  # fmt: skip
        payment.refresh_from_db()
        assert payment.refunded_amount == payment.captured_amount == Decimal("200.000")
        assert Refund.objects.filter(status="succeeded").count() == 5
    sums = [
        q["sql"] for q in region.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "payments_refund"' in q["sql"]
    ]  # fmt: skip
    # One SUM over all vendor orders, then refund_create's own check for each refund it makes
    # (not one query per vendor order on top).
    assert len(sums) == 1 + len(made), sums
    assert all("SUM(" in sql for sql in sums), sums
