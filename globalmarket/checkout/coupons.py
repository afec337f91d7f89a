"""Coupon checks and race-free redemption.

`used_count` is raised by one conditional UPDATE (`… WHERE used_count < max_uses`), so N
concurrent checkouts can never use a coupon more than `max_uses` times; a redemption row
per (coupon, customer, use_number) makes the per-customer limit hold the same way.
"""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.db.models import F, Q
from django.utils import timezone

from globalmarket.core.errors import ApplicationError, field_error
from globalmarket.orders.models import Order
from globalmarket.tenancy.db import atomic

from .errors import CheckoutError
from .models import Coupon, CouponRedemption
from .pricing import CouponTerms


def _fail(code: CheckoutError, message: str) -> ApplicationError:
    return ApplicationError(code, message, fields=field_error("coupon", code, message))


def coupon_for_checkout(code: str, *, user: Any) -> Coupon:
    coupon = Coupon.objects.filter(code=code.strip().upper()).first()
    if coupon is None:
        raise _fail(CheckoutError.COUPON_NOT_FOUND, "This coupon code does not exist.")
    now = timezone.now()
    if not coupon.is_active:
        raise _fail(CheckoutError.COUPON_INACTIVE, "This coupon is no longer active.")
    if coupon.starts_at and now < coupon.starts_at:
        raise _fail(CheckoutError.COUPON_NOT_STARTED, "This coupon is not valid yet.")
    if coupon.ends_at and now >= coupon.ends_at:
        raise _fail(CheckoutError.COUPON_EXPIRED, "This coupon has expired.")
    if coupon.max_uses is not None and coupon.used_count >= coupon.max_uses:
        raise _fail(CheckoutError.COUPON_USED_UP, "This coupon has been used up.")
    if coupon.max_uses_per_customer is not None:
        used = CouponRedemption.objects.filter(coupon=coupon, customer=user).count()
        if used >= coupon.max_uses_per_customer:
            raise _fail(CheckoutError.COUPON_CUSTOMER_LIMIT, "You have already used this coupon.")
    return coupon


def terms(coupon: Coupon) -> CouponTerms:
    return CouponTerms(kind=coupon.kind, value=coupon.value, vendor_id=coupon.vendor_id,
                       min_spend=coupon.min_spend or Decimal(0))  # fmt: skip


def coupon_take(*, coupon: Coupon) -> None:
    """Count one use (inside the checkout transaction) or raise; the caller rolls back."""
    taken = (
        Coupon.objects.filter(pk=coupon.pk, is_active=True)
        .filter(Q(max_uses__isnull=True) | Q(used_count__lt=F("max_uses")))
        .update(used_count=F("used_count") + 1)
    )
    if not taken:
        raise _fail(CheckoutError.COUPON_USED_UP, "This coupon has been used up.")


def coupon_record(*, coupon: Coupon, user: Any, order: Order, amount: Decimal) -> None:
    """The redemption row; its unique (coupon, customer, use_number) caps per-customer use."""
    use_number = CouponRedemption.objects.filter(coupon=coupon, customer=user).count() + 1
    limit = coupon.max_uses_per_customer
    if limit is not None and use_number > limit:
        raise _fail(CheckoutError.COUPON_CUSTOMER_LIMIT, "You have already used this coupon.")
    try:
        with atomic():
            CouponRedemption.objects.create(coupon=coupon, customer=user, order=order,
                                            use_number=use_number, amount=amount)  # fmt: skip
    except IntegrityError as exc:
        raise _fail(
            CheckoutError.COUPON_CUSTOMER_LIMIT, "You have already used this coupon."
        ) from exc
