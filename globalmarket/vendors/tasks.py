"""Emails to vendors: review decisions and team invitations. Idempotent, tenant-aware."""

from collections.abc import Callable

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.context import require_tenant

from .models import Vendor, VendorInvitation, VendorMember, VendorStatusEvent


def _subject_and_body(event: VendorStatusEvent, vendor: Vendor) -> tuple[str, str]:
    name = {"name": vendor.name, "reason": event.reason}
    if event.to_status == Vendor.Status.APPROVED and event.from_status == Vendor.Status.PENDING:
        return (_("%(name)s is approved") % name,
                _("Good news: %(name)s can now sell on our marketplace.") % name)  # fmt: skip
    if event.to_status == Vendor.Status.REJECTED:
        return (_("Your application for %(name)s was not approved") % name,
                _("We could not approve %(name)s. Reason: %(reason)s") % name)  # fmt: skip
    if event.to_status == Vendor.Status.SUSPENDED:
        return (_("%(name)s is suspended") % name,
                _("%(name)s is suspended and its products are hidden. Reason: %(reason)s") % name)  # fmt: skip
    return (_("%(name)s is active again") % name,
            _("%(name)s is reinstated: its products are visible again.") % name)  # fmt: skip


def _mail_owners(vendor: Vendor, compose: Callable[[], tuple[str, str]]) -> None:
    """Send `compose()`'s subject and body to each owner, composed in the owner's language."""
    default_language = require_tenant().default_language
    owners = VendorMember.objects.filter(vendor=vendor, role=VendorRole.OWNER).select_related(
        "user"
    )
    for owner in owners:
        with translation.override(owner.user.preferred_language or default_language):
            subject, body = compose()
            send_mail(subject, body, None, [owner.user.email])


@shared_task(acks_late=True)
def send_vendor_status_email(event_id: int) -> None:
    """Tell the vendor's owners about a review decision, each in their language; sends once."""
    event = VendorStatusEvent.objects.filter(pk=event_id, notified_at__isnull=True).select_related(
        "vendor").first()  # fmt: skip
    if event is None:
        return
    _mail_owners(event.vendor, lambda: _subject_and_body(event, event.vendor))
    VendorStatusEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )


@shared_task(acks_late=True)
def send_vendor_invitation_email(invitation_id: int, token: str) -> None:
    """Email the invitation link; the token is only in this message, never stored in clear."""
    tenant = require_tenant()
    invitation = (
        VendorInvitation.objects.filter(
            pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True
        )
        .select_related("vendor")
        .first()
    )
    if invitation is None:
        return
    link = f"https://{tenant.domain}/vendor/invitations/{token}/"
    with translation.override(tenant.default_language):
        send_mail(
            _("Join %(name)s on %(site)s") % {"name": invitation.vendor.name, "site": tenant.name},
            _("You are invited to the team of %(name)s. Sign in with this email address and "
              "open: %(link)s") % {"name": invitation.vendor.name, "link": link},
            None,
            [invitation.email],
        )  # fmt: skip
    VendorInvitation.objects.filter(pk=invitation_id).update(sent_at=timezone.now())


@shared_task(acks_late=True)
def send_payout_changed_email(vendor_id: int) -> None:
    """Warn the owners that payout details changed; once per change (payout_changed_at)."""
    vendor = Vendor.objects.filter(pk=vendor_id, payout_changed_at__isnull=False).first()
    if vendor is None or (
        vendor.payout_notified_at is not None
        and vendor.payout_notified_at >= vendor.payout_changed_at  # type: ignore[operator]
    ):
        return
    account = vendor.iban_masked or vendor.paypal_email
    _mail_owners(vendor, lambda: (
        _("Payout details of %(name)s changed") % {"name": vendor.name},
        _("Payouts of %(name)s now go to %(account)s. If you did not make this change, "
          "contact support at once.") % {"name": vendor.name, "account": account},
    ))  # fmt: skip
    Vendor.objects.filter(pk=vendor_id).update(payout_notified_at=vendor.payout_changed_at)
