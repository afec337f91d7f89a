"""Vendor team writes: invitations by email, roles, removing members."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from globalmarket.accounts.roles import VendorRole
from globalmarket.core.errors import (
    ApplicationError,
    Conflict,
    CoreError,
    Forbidden,
    NotFound,
    field_error,
)
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from .errors import VendorError
from .models import Vendor, VendorInvitation, VendorMember
from .services import _audit, vendor_role_label

INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    # Tokens are 256-bit random values, so a plain SHA-256 is enough to make a stolen
    # database row useless (no brute force is possible); only this hash is stored.
    return hashlib.sha256(token.encode()).hexdigest()


def _member_snapshot(member: VendorMember) -> dict[str, Any]:
    return {"member_id": member.pk, "user_id": member.user_id, "role": member.role}


def _invalid_invitation() -> NotFound:
    return NotFound("This invitation is invalid, used or expired.",
                    code=VendorError.INVITATION_INVALID)  # fmt: skip


def invitation_create(*, vendor: Vendor, actor: Any, email: str, role: str,
                      actor_role: str | None = None) -> tuple[VendorInvitation, str]:  # fmt: skip
    """Invite `email` as manager or staff; returns the invitation and its one-time token."""
    email = email.strip().lower()
    from .tasks import send_vendor_invitation_email

    token = secrets.token_urlsafe(32)
    with atomic():
        Vendor.objects.select_for_update().get(pk=vendor.pk)
        if VendorMember.objects.filter(vendor=vendor, user__email__iexact=email).exists():
            raise Conflict(VendorError.ALREADY_MEMBER, "This person is already in the team.")
        now = timezone.now()
        # A new invitation replaces older open ones for the same address.
        VendorInvitation.objects.filter(vendor=vendor, email=email, accepted_at__isnull=True,
                                        expires_at__gt=now).update(expires_at=now)  # fmt: skip
        invitation = VendorInvitation.objects.create(
            vendor=vendor, email=email, role=role, token_hash=hash_token(token), invited_by=actor,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )  # fmt: skip
        _audit("vendor.member_invite", vendor, {},
               {"email": email, "role": role, "invitation_id": invitation.pk}, actor=actor,
               actor_role=actor_role)  # fmt: skip
        enqueue_on_commit(send_vendor_invitation_email, invitation.pk, token)
    return invitation, token


def invitation_accept(*, user: Any, token: str) -> VendorMember:
    """Join the team if the signed-in user's email is the invited one; a token works once."""
    with atomic():
        invitation = (
            VendorInvitation.objects.select_for_update()
            .select_related("vendor")
            .filter(token_hash=hash_token(token), accepted_at__isnull=True,
                    expires_at__gt=timezone.now())
            .first()
        )  # fmt: skip
        if invitation is None:
            raise _invalid_invitation()
        if invitation.email.lower() != user.email.lower():
            raise Forbidden("This invitation was sent to another email address.",
                            code=VendorError.INVITATION_EMAIL_MISMATCH)  # fmt: skip
        if VendorMember.objects.filter(vendor=invitation.vendor, user=user).exists():
            raise Conflict(VendorError.ALREADY_MEMBER, "You are already in this team.")
        member = VendorMember.objects.create(vendor=invitation.vendor, user=user,
                                             role=invitation.role)  # fmt: skip
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _audit(
            "vendor.member_join",
            invitation.vendor,
            {},
            _member_snapshot(member),
            actor=user,
            actor_role=vendor_role_label(invitation.vendor, member.role),
        )
    return member


def _locked_member(vendor: Vendor, member_id: int) -> VendorMember:
    Vendor.objects.select_for_update().get(pk=vendor.pk)  # serialises team changes
    member = VendorMember.objects.filter(vendor=vendor, pk=member_id).select_related("user").first()
    if member is None:
        raise NotFound("Member not found.", code=VendorError.MEMBER_NOT_FOUND)
    return member


def _check_not_last_owner(vendor: Vendor, member: VendorMember) -> None:
    if member.role != VendorRole.OWNER:
        return
    if (
        not VendorMember.objects.filter(vendor=vendor, role=VendorRole.OWNER)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise Conflict(VendorError.LAST_OWNER, "A vendor needs at least one owner.")


def member_change_role(*, vendor: Vendor, actor: Any, member_id: int, role: str,
                       actor_role: str | None = None) -> VendorMember:  # fmt: skip
    if role not in VendorRole.values:
        raise ApplicationError(
            CoreError.INVALID, "The request has invalid fields.",
            fields=field_error("role", "invalid_choice", f"Choose one of {', '.join(VendorRole.values)}."),
        )  # fmt: skip
    with atomic():
        member = _locked_member(vendor, member_id)
        if role != VendorRole.OWNER:
            _check_not_last_owner(vendor, member)
        old = _member_snapshot(member)
        member.role = role
        member.save(update_fields=["role"])
        _audit(
            "vendor.member_role",
            vendor,
            old,
            _member_snapshot(member),
            actor=actor,
            actor_role=actor_role,
        )
    return member


def member_remove(*, vendor: Vendor, actor: Any, member_id: int,
                  actor_role: str | None = None) -> None:  # fmt: skip
    with atomic():
        member = _locked_member(vendor, member_id)
        _check_not_last_owner(vendor, member)
        old = _member_snapshot(member)
        member.delete()
        _audit("vendor.member_remove", vendor, old, {}, actor=actor, actor_role=actor_role)
