"""What other domains hear from payments: explicit calls, no Django signals.

`payment_paid` runs inside the transaction that marks the payment paid (under its row
lock), so the order's status, its stock and the ledger posting commit together with it.
Side effects that talk to the outside world (provider refunds, notifications) are
enqueued on commit.
"""

import importlib
import logging
from typing import Any

logger = logging.getLogger(__name__)


def _ledger_adapters() -> Any:
    """`globalmarket.ledger.adapters` (Payment/Refund → posting events), if the ledger is installed."""
    try:
        return importlib.import_module("globalmarket.ledger.adapters")
    except ImportError:
        return None


def payment_paid(payment: Any) -> None:
    from . import order_link

    adapters = _ledger_adapters()
    if adapters is not None:
        event = adapters.payment_captured_event(payment)  # None for cash on delivery
        if event is not None:
            from globalmarket.ledger.posting import on_payment_captured

            on_payment_captured(event)  # key payment_captured:<payment id>: posted once
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
    adapters = _ledger_adapters()
    if adapters is not None:
        adapters.on_refund_succeeded(refund)
