from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from globalmarket.tenancy.context import require_tenant

from .models import User


@shared_task(acks_late=True)
def send_welcome_email(user_id: int) -> None:
    """Welcome a new account in its language; idempotent (sends once)."""
    tenant = require_tenant()
    user = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).first()
    if user is None:
        return
    with translation.override(user.preferred_language or tenant.default_language):
        send_mail(
            _("Welcome to %(name)s") % {"name": tenant.name},
            _("Hello %(name)s, your account is ready.") % {"name": user.get_short_name()},
            None,
            [user.email],
        )
    User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).update(
        welcome_sent_at=timezone.now()
    )


@shared_task(acks_late=True)
def send_password_reset_email(user_id: int, uid: str, token: str) -> None:
    tenant = require_tenant()
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    link = f"https://{tenant.domain}/account/reset/{uid}/{token}/"
    with translation.override(user.preferred_language or tenant.default_language):
        send_mail(
            _("Reset your %(name)s password") % {"name": tenant.name},
            _("Open this link to choose a new password: %(link)s") % {"link": link},
            None,
            [user.email],
        )
