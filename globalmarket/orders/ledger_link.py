"""Tell the ledger when a vendor order is delivered (docs/ledger.md, "Posting API").

Called inside the transaction that moves the vendor order to `delivered`, so the order's
state and its ledger transaction commit together; the ledger's idempotency key makes a
repeat post nothing.
"""

from decimal import Decimal

from django.db.models import Sum

from globalmarket.core.money import quantize
from globalmarket.ledger import posting
from globalmarket.ledger.commission import line_commission
from globalmarket.payments.models import Refund
from globalmarket.tenancy.context import require_tenant

from .models import Order, VendorOrder


def post_delivery(order: Order, vendor_order: VendorOrder) -> None:
    currency = vendor_order.currency
    refunded = Refund.objects.filter(vendor_order=vendor_order, status=Refund.Status.SUCCEEDED).aggregate(
        total=Sum("amount"))["total"] or Decimal(0)  # fmt: skip
    total = vendor_order.total
    gross = quantize(total - refunded, currency)
    if gross <= 0 or total <= 0:
        return
    share = gross / total
    commission = sum(
        (line_commission(line_net=line.line_net, rate=line.commission_rate, currency=currency)
         for line in vendor_order.lines.all()),
        Decimal(0),
    )  # fmt: skip
    event_type = (
        posting.CodDelivered if order.payment_method == "cod" else posting.VendorOrderDelivered
    )
    event = event_type(
        vendor_order_id=vendor_order.pk, vendor_id=vendor_order.vendor_id, currency=currency, gross=gross,
        vat=quantize(vendor_order.tax * share, currency),
        vat_country=str((order.shipping_address or {}).get("country", "")),
        commission=quantize(commission * share, currency),
        platform_remits_vat=require_tenant().feature("platform_remits_vat", True), order_id=order.pk,
    )  # fmt: skip
    if isinstance(event, posting.CodDelivered):
        posting.on_cod_delivered(event)
    else:
        posting.on_vendor_order_delivered(event)
