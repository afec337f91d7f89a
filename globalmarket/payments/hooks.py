"""What other domains hear from payments: explicit calls, no Django signals.

`payment_paid` runs inside the transaction that marks the payment paid (under its row
lock), so the order's status, its stock and the ledger posting commit together with it.
Side effects that talk to the outside world (provider refunds, notifications) are
enqueued on commit.
"""

import importlib
import logging
from collections.abc import Callable
from typing import Any

from globalmarket.core.money import quantize

logger = logging.getLogger(__name__)


def _ledger(name: str) -> Callable[..., Any] | None:
    """`globalmarket.ledger.posting.<name>` once the ledger exists (it is built separately)."""
    try:
        module = importlib.import_module("globalmarket.ledger.posting")
    except ImportError:
        return None
    return getattr(module, name, None)


def payment_paid(payment: Any) -> None:
    from . import order_link

    post = _ledger("on_payment_captured")
    if post is not None and payment.method != "cod":
        # Cash on delivery is booked by the ledger when the vendor order is delivered.
        from globalmarket.ledger.posting import PaymentCaptured

        post(PaymentCaptured(payment_id=payment.pk, order_id=payment.order_id or payment.order_number,
                             amount=quantize(payment.captured_amount, payment.currency),
                             currency=payment.currency, provider=payment.provider,
                             occurred_at=payment.paid_at))  # fmt: skip
    order_link.payment_paid(payment)


def payment_changed(payment: Any) -> None:
    """Any other status change (requires_action, authorized, cancelled): mirror it on the order."""
    from . import order_link

    order_link.sync_payment_status(payment)


def payment_failed(payment: Any) -> None:
    from . import order_link

    order_link.payment_failed(payment)


def refund_succeeded(refund: Any) -> None:
    from . import order_link

    order_link.refund_succeeded(refund)
    post = _ledger("on_refund")
    if post is not None and refund.vendor_order_id is not None:
        from globalmarket.ledger.posting import RefundIssued

        payment = refund.payment
        post(RefundIssued(refund_id=refund.pk, vendor_order_id=refund.vendor_order_id,
                          vendor_id=refund.vendor_order.vendor_id,
                          amount=quantize(refund.amount, refund.currency), currency=refund.currency,
                          provider="cash" if payment.method == "cod" else payment.provider))  # fmt: skip
