"""Staff writes on coupons, each recorded in the audit log."""

from typing import Any

from django.db import IntegrityError

from globalmarket.core.errors import ApplicationError, field_error
from globalmarket.orders import auditing
from globalmarket.tenancy.db import atomic
from globalmarket.vendors.models import Vendor

from .errors import CheckoutError
from .models import Coupon

EDITABLE = (
    "kind",
    "value",
    "min_spend",
    "starts_at",
    "ends_at",
    "max_uses",
    "max_uses_per_customer",
    "is_active",
)


def _snapshot(coupon: Coupon) -> dict[str, Any]:
    return {name: str(getattr(coupon, name)) for name in ("code", *EDITABLE, "vendor_id")}


def _apply(coupon: Coupon, data: dict[str, Any]) -> None:
    for name in EDITABLE:
        if name in data:
            setattr(coupon, name, data[name])
    if "vendor" in data:
        slug = data["vendor"]
        vendor = Vendor.objects.filter(slug=slug).first() if slug else None
        if slug and vendor is None:
            raise ApplicationError("vendor_not_found", "Unknown vendor.",
                                   fields=field_error("vendor", "vendor_not_found", "Unknown vendor."))  # fmt: skip
        coupon.vendor = vendor
    errors: dict[str, list[dict[str, str]]] = {}
    if coupon.kind == Coupon.Kind.PERCENTAGE and not (0 < coupon.value <= 100):
        errors["value"] = [{"code": "invalid", "message": "A percentage between 0 and 100."}]
    if coupon.value is None or coupon.value <= 0:
        errors["value"] = [{"code": "invalid", "message": "Must be more than zero."}]
    if coupon.starts_at and coupon.ends_at and coupon.ends_at <= coupon.starts_at:
        errors["ends_at"] = [{"code": "invalid", "message": "Must be after starts_at."}]
    if coupon.max_uses is not None and coupon.used_count > coupon.max_uses:
        errors["max_uses"] = [
            {"code": "invalid", "message": f"Already used {coupon.used_count} times."}
        ]
    if errors:
        raise ApplicationError("invalid", "The request has invalid fields.", fields=errors)


def coupon_create(*, actor: Any, data: dict[str, Any]) -> Coupon:
    missing = {f: [{"code": "required", "message": "This field is required."}]
               for f in ("code", "kind", "value") if f not in data}  # fmt: skip
    if missing:
        raise ApplicationError("invalid", "The request has invalid fields.", fields=missing)
    coupon = Coupon(code=data["code"].upper())
    _apply(coupon, data)
    try:
        with atomic():
            coupon.save()
            auditing.record(
                role="staff",
                actor=actor,
                action="coupon.create",
                resource=coupon,
                new=_snapshot(coupon),
            )
    except IntegrityError as exc:
        raise ApplicationError(CheckoutError.COUPON_CODE_TAKEN, "This code is taken.",
                               fields=field_error("code", CheckoutError.COUPON_CODE_TAKEN, "Taken.")) from exc  # fmt: skip
    return coupon


def coupon_update(*, coupon: Coupon, actor: Any, data: dict[str, Any]) -> Coupon:
    with atomic():
        coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
        before = _snapshot(coupon)
        _apply(coupon, data)
        coupon.save()
        auditing.record(
            role="staff",
            actor=actor,
            action="coupon.update",
            resource=coupon,
            old=before,
            new=_snapshot(coupon),
        )
    return coupon
