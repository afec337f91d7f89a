"""Vendor writes: applications, review decisions, business and payout details."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.text import slugify

from globalmarket.accounts.errors import AccountError
from globalmarket.accounts.roles import VendorRole
from globalmarket.accounts.services import normalise_phone
from globalmarket.audit.services import audit_log
from globalmarket.audit.services import changes as changes_of
from globalmarket.core.errors import (
    ApplicationError,
    Conflict,
    CoreError,
    FieldErrors,
    NotFound,
    field_error,
)
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from . import crypto
from .errors import VendorError
from .models import Vendor, VendorMember, VendorStatusEvent
from .validation import NO_POSTAL_CODE, validate_bic, validate_iban, validate_vat_number

# Slugs that would shadow fixed routes under /api/v1/vendors/.
RESERVED_SLUGS = {"apply", "me", "new"}
PROFILE_FIELDS = ("name", "legal_form", "vat_number", "address", "contact_email",
                  "contact_phone", "description", "payout", "shipping_rates",
                  "free_shipping_over")  # fmt: skip


def _audit(action: str, vendor: Vendor, old: dict[str, Any], new: dict[str, Any], *,
           actor: Any = None, actor_role: str | None = None) -> None:  # fmt: skip
    """Record a staff or vendor change in the audit log, inside the caller's transaction.

    Values never hold unmasked IBANs (see `audit_snapshot`). Vendor-side changes pass
    `actor_role="vendor:<slug>:<role>"`; staff roles come from the user.
    """
    audit_log(action=action, resource_type="vendor", resource_id=vendor.pk, old=old, new=new,
              actor=actor, actor_role=actor_role)  # fmt: skip


def vendor_role_label(vendor: Vendor, role: str) -> str:
    """e.g. "vendor:audiotech:owner" (cut to the audit log's 64 characters, role kept)."""
    return f"vendor:{vendor.slug[: 64 - 8 - len(role)]}:{role}"


def audit_snapshot(vendor: Vendor) -> dict[str, Any]:
    """The vendor's reviewable fields as audit values: payout details masked, never decrypted."""
    return {
        "name": vendor.name, "status": vendor.status, "legal_form": vendor.legal_form,
        "vat_number": vendor.vat_number, "country": vendor.country, "address": vendor.address,
        "contact_email": vendor.contact_email, "contact_phone": vendor.contact_phone,
        "description": vendor.description, "payout_method": vendor.payout_method,
        "iban": vendor.iban_masked, "bic": vendor.bic, "account_holder": vendor.account_holder,
        "paypal_email": vendor.paypal_email, "shipping_rates": vendor.shipping_rates,
        "free_shipping_over": str(vendor.free_shipping_over)
        if vendor.free_shipping_over is not None else None,
    }  # fmt: skip


class _Checks:
    """Run every field check and report all failures together as one 400."""

    def __init__(self) -> None:
        self.fields: FieldErrors = {}
        self.codes: list[str] = []

    def run(self, check: Callable[[], Any], default: Any = None) -> Any:
        try:
            return check()
        except ApplicationError as exc:
            self.codes.append(exc.code)
            for name, errors in exc.fields.items():
                self.fields.setdefault(name, []).extend(errors)
            return default

    def add(self, field: str, code: str, message: str) -> None:
        self.codes.append(str(code))
        self.fields.setdefault(field, []).append({"code": str(code), "message": message})

    def raise_if_failed(self) -> None:
        if self.fields:
            code = self.codes[0] if len(set(self.codes)) == 1 else CoreError.INVALID
            raise ApplicationError(code, "The request has invalid fields.", fields=self.fields)


def _check_country(checks: _Checks, country: str) -> str:
    country = country.upper()
    if country not in require_tenant().countries:
        checks.add("country", VendorError.COUNTRY_NOT_IN_REGION,
                   f"Choose one of {', '.join(require_tenant().countries)}.")  # fmt: skip
    return country


def _check_address(checks: _Checks, address: dict[str, Any], country: str) -> dict[str, Any]:
    cleaned = {key: str(address.get(key) or "").strip()
               for key in ("street", "city", "postal_code", "state")}  # fmt: skip
    for key in ("street", "city"):
        if not cleaned[key]:
            checks.add(f"address.{key}", VendorError.INVALID_ADDRESS, "This field is required.")
    if not cleaned["postal_code"] and country not in NO_POSTAL_CODE:
        checks.add("address.postal_code", VendorError.INVALID_ADDRESS, "This field is required.")
    return {**cleaned, "country": country}


def _check_phone(phone: str) -> str:
    try:
        return normalise_phone(phone)
    except ApplicationError:
        raise ApplicationError(
            AccountError.INVALID_PHONE, "Enter a valid phone number in international format.",
            fields=field_error("contact_phone", AccountError.INVALID_PHONE, "Use the form +31612345678."),
        ) from None  # fmt: skip


def _check_description(checks: _Checks, description: dict[str, str]) -> dict[str, str]:
    languages = require_tenant().languages
    for language in description:
        if language not in languages:
            checks.add(f"description.{language}", VendorError.UNKNOWN_LANGUAGE,
                       f"Choose one of {', '.join(languages)}.")  # fmt: skip
    return {lang: text.strip() for lang, text in description.items() if text.strip()}


def _check_payout(checks: _Checks, payout: dict[str, Any]) -> dict[str, Any]:
    """Validate payout details; return model field values (the IBAN already encrypted)."""
    method = payout.get("method") or Vendor.PayoutMethod.BANK_TRANSFER
    values: dict[str, Any] = {"payout_method": method, "iban_encrypted": "", "iban_hash": "",
                              "iban_last4": "", "iban_country": "", "bic": "",
                              "account_holder": "", "paypal_email": ""}  # fmt: skip
    if method == Vendor.PayoutMethod.PAYPAL:
        if not payout.get("paypal_email"):
            checks.add("payout.paypal_email", VendorError.INVALID_PAYOUT, "This field is required.")
        values["paypal_email"] = (payout.get("paypal_email") or "").lower()
        return values
    if not payout.get("iban"):
        checks.add("payout.iban", VendorError.INVALID_IBAN, "This field is required.")
    else:
        iban = checks.run(lambda: validate_iban(payout["iban"]))
        if iban is not None:
            values.update(iban_encrypted=crypto.encrypt(iban.compact),
                          iban_hash=crypto.lookup_hash(iban.compact),
                          iban_last4=iban.last4, iban_country=iban.country)  # fmt: skip
    holder = (payout.get("account_holder") or "").strip()
    if not holder:
        checks.add("payout.account_holder", VendorError.INVALID_PAYOUT, "This field is required.")
    values["account_holder"] = holder
    values["bic"] = checks.run(lambda: validate_bic(payout.get("bic") or ""), "")
    return values


def _check_shipping(checks: _Checks, rates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    tenant = require_tenant()
    cleaned: dict[str, Any] = {}
    for country, rate in rates.items():
        if country not in tenant.countries:
            checks.add(f"shipping_rates.{country}", VendorError.COUNTRY_NOT_IN_REGION,
                       f"Choose one of {', '.join(tenant.countries)}.")  # fmt: skip
            continue
        cleaned[country] = {"cost": str(quantize(rate["cost"], tenant.default_currency)),
                            "delivery_days_min": rate["delivery_days_min"],
                            "delivery_days_max": rate["delivery_days_max"]}  # fmt: skip
    return cleaned


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50].strip("-") or "vendor"
    if base in RESERVED_SLUGS:
        base = f"{base}-shop"
    taken = set(Vendor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def vendor_apply(*, user: Any, name: str, legal_form: str, vat_number: str, country: str,
                 address: dict[str, Any], contact_email: str, payout: dict[str, Any],
                 contact_phone: str = "", description: dict[str, str] | None = None) -> Vendor:  # fmt: skip
    """Create a pending vendor owned by `user`; every field is checked before anything is written."""
    checks = _Checks()
    country = _check_country(checks, country)
    vat = checks.run(lambda: validate_vat_number(country, vat_number), "")
    fields: dict[str, Any] = {
        "name": name.strip(), "legal_form": legal_form.strip(), "vat_number": vat,
        "country": country, "address": _check_address(checks, address, country),
        "contact_email": contact_email.lower(),
        "contact_phone": checks.run(lambda: _check_phone(contact_phone), ""),
        "description": _check_description(checks, description or {}),
        **_check_payout(checks, payout),
    }  # fmt: skip
    checks.raise_if_failed()
    for attempt in range(3):
        try:
            with atomic():
                if VendorMember.objects.filter(
                    user=user, role=VendorRole.OWNER, vendor__status=Vendor.Status.PENDING
                ).exists():
                    raise Conflict(VendorError.APPLICATION_PENDING,
                                   "You already have an application waiting for review.")  # fmt: skip
                vendor = Vendor.objects.create(slug=_unique_slug(name), **fields)
                VendorMember.objects.create(vendor=vendor, user=user, role=VendorRole.OWNER)
                VendorStatusEvent.objects.create(vendor=vendor, to_status=vendor.status,
                                                 actor=user, reason="Application submitted.")  # fmt: skip
                _audit("vendor.apply", vendor, {}, audit_snapshot(vendor), actor=user,
                       actor_role=vendor_role_label(vendor, VendorRole.OWNER))  # fmt: skip
            return vendor
        except IntegrityError:
            if attempt == 2:  # another application took the same slug three times in a row
                raise
    raise AssertionError("unreachable")


# action: (statuses it may start from, status it leads to, reason required)
TRANSITIONS: dict[str, tuple[set[str], str, bool]] = {
    "approve": ({Vendor.Status.PENDING}, Vendor.Status.APPROVED, False),
    "reject": ({Vendor.Status.PENDING}, Vendor.Status.REJECTED, True),
    "suspend": ({Vendor.Status.APPROVED}, Vendor.Status.SUSPENDED, True),
    "reinstate": ({Vendor.Status.SUSPENDED}, Vendor.Status.APPROVED, False),
}


def vendor_transition(*, vendor_id: int, action: str, actor: Any, reason: str = "") -> Vendor:
    """Move a vendor through its review states; 409 `invalid_transition` from any other state."""
    allowed_from, to_status, needs_reason = TRANSITIONS[action]
    reason = reason.strip()
    if needs_reason and not reason:
        raise ApplicationError(
            VendorError.REASON_REQUIRED, "Say why: the vendor will read it.",
            fields=field_error("reason", VendorError.REASON_REQUIRED, "This field is required."),
        )  # fmt: skip
    from .tasks import send_vendor_status_email

    with atomic():
        vendor = Vendor.objects.select_for_update().filter(pk=vendor_id).first()
        if vendor is None:
            raise NotFound("Vendor not found.", code=VendorError.VENDOR_NOT_FOUND)
        if vendor.status not in allowed_from:
            raise Conflict(VendorError.INVALID_TRANSITION,
                           f"A {vendor.status} vendor cannot be {action}d.",
                           extra={"status": vendor.status})  # fmt: skip
        old = audit_snapshot(vendor)
        now = timezone.now()
        event = VendorStatusEvent.objects.create(vendor=vendor, from_status=vendor.status,
                                                 to_status=to_status, actor=actor, reason=reason)  # fmt: skip
        vendor.status = to_status
        vendor.status_changed_at = now
        if action == "approve":
            vendor.approved_at = now
        if action == "reject":
            vendor.rejection_reason = reason
        vendor.save(update_fields=["status", "status_changed_at", "approved_at",
                                   "rejection_reason", "updated_at"])  # fmt: skip
        _audit(f"vendor.{action}", vendor, old, audit_snapshot(vendor), actor=actor)
        enqueue_on_commit(send_vendor_status_email, event.pk)
    from globalmarket.catalog.cache import catalog_changed

    catalog_changed()  # a suspended vendor's products leave the cached catalog at once
    return vendor


def vendor_update_profile(*, vendor: Vendor, actor: Any, changes: dict[str, Any],
                          actor_role: str | None = None) -> Vendor:  # fmt: skip
    """Change the vendor's own business and payout details (country and status stay)."""
    checks = _Checks()
    values: dict[str, Any] = {}
    for key in ("name", "legal_form"):
        if key in changes:
            values[key] = changes[key].strip()
    if "vat_number" in changes:
        values["vat_number"] = checks.run(
            lambda: validate_vat_number(vendor.country, changes["vat_number"]), ""
        )
    if "address" in changes:
        values["address"] = _check_address(checks, changes["address"], vendor.country)
    if "contact_email" in changes:
        values["contact_email"] = changes["contact_email"].lower()
    if "contact_phone" in changes:
        values["contact_phone"] = checks.run(lambda: _check_phone(changes["contact_phone"]), "")
    if "description" in changes:
        values["description"] = _check_description(checks, changes["description"])
    if "payout" in changes:
        values.update(_check_payout(checks, changes["payout"]))
        if values["iban_hash"] and values["iban_hash"] == vendor.iban_hash:
            # The same IBAN again: keep the stored ciphertext (nothing changed).
            values["iban_encrypted"] = vendor.iban_encrypted
    if "shipping_rates" in changes:
        values["shipping_rates"] = _check_shipping(checks, changes["shipping_rates"])
    if "free_shipping_over" in changes:
        amount: Decimal | None = changes["free_shipping_over"]
        values["free_shipping_over"] = (
            None if amount is None else quantize(amount, require_tenant().default_currency)
        )
    checks.raise_if_failed()
    from .tasks import send_payout_changed_email

    with atomic():
        locked = Vendor.objects.select_for_update().get(pk=vendor.pk)
        old = audit_snapshot(locked)
        payout_before = _payout_identity(locked)
        for key, value in values.items():
            setattr(locked, key, value)
        if "payout" in changes and _payout_identity(locked) != payout_before:
            locked.payout_changed_at = timezone.now()
            values["payout_changed_at"] = locked.payout_changed_at
            enqueue_on_commit(send_payout_changed_email, locked.pk)
        locked.save(update_fields=[*values, "updated_at"])
        before, after = changes_of(old, audit_snapshot(locked))
        if after:
            _audit(
                "vendor.update_profile", locked, before, after, actor=actor, actor_role=actor_role
            )
    from globalmarket.catalog.cache import catalog_changed

    catalog_changed()  # product responses show the vendor's name and shipping rates
    return locked


def _payout_identity(vendor: Vendor) -> tuple[str, ...]:
    return (vendor.payout_method, vendor.iban_hash, vendor.bic, vendor.account_holder,
            vendor.paypal_email)  # fmt: skip


def payout_reencrypt(*, batch_size: int = 500) -> int:
    """Re-encrypt and re-hash IBANs not made with the current key (after a key rotation)."""
    done = 0
    last_pk = 0
    while True:
        with atomic():
            batch = list(
                Vendor.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .exclude(iban_encrypted="")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return done
            for vendor in batch:
                if crypto.is_current(vendor.iban_encrypted):
                    continue
                iban = crypto.decrypt(vendor.iban_encrypted)
                vendor.iban_encrypted = crypto.encrypt(iban)
                vendor.iban_hash = crypto.lookup_hash(iban)
                vendor.save(update_fields=["iban_encrypted", "iban_hash"])
                done += 1
            last_pk = batch[-1].pk
