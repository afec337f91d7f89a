"""Fetch finance objects for the current actor: "not yours" == "not found" (404)."""

from typing import Any

from globalmarket.core.errors import NotFound

from .errors import LedgerError
from .models import Payout


def payout_for_vendor(*, vendor: Any, payout_id: int) -> Payout:
    payout = Payout.objects.filter(pk=payout_id, vendor=vendor).first()
    if payout is None:
        raise NotFound("Payout not found.", code=LedgerError.PAYOUT_NOT_FOUND)
    return payout


def payout_for_staff(*, payout_id: int) -> Payout:
    """Any payout of the current region (the region database holds no other)."""
    payout = Payout.objects.select_related("vendor").filter(pk=payout_id).first()
    if payout is None:
        raise NotFound("Payout not found.", code=LedgerError.PAYOUT_NOT_FOUND)
    return payout
