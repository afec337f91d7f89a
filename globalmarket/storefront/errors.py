"""Service errors shown on forms in the user's language, next to the field they concern.

Services raise ApplicationError with machine-readable codes (and English messages for the
API); pages translate the codes they know and fall back to the service's message.
"""

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from globalmarket.core.errors import ApplicationError

MESSAGES = {
    "wrong_password": _("This is not your current password."),
    "weak_password": _("This password is too weak."),
    "password_too_short": _("This password is too short. It must contain at least 10 characters."),
    "password_too_common": _("This password is too common."),
    "password_entirely_numeric": _("This password is entirely numeric."),
    "password_too_similar": _("The password is too similar to your personal details."),
    "invalid_phone": _("Enter a valid phone number with its country code."),
    "unknown_language": _("This region does not offer that language."),
    "email_taken": _("An account with this email address already exists."),
    "invalid_credentials": _("The email address or password is not correct."),
    "invalid_transition": _("This action is no longer possible for this order."),
    "out_of_stock": _("Not enough stock."),
}


def message_for(code: str, fallback: str) -> str:
    return str(MESSAGES.get(code, fallback))


def apply_service_errors(
    form: forms.Form, error: ApplicationError, field_for: Callable[[str], str] = str
) -> None:
    """Add `error` to `form`: each field error on `field_for(path)` if the form has it, else on top."""
    if not error.fields:
        form.add_error(None, message_for(str(error.code), error.message))
        return
    for path, errors in error.fields.items():
        field = field_for(path)
        target = field if field in form.fields else None
        for item in errors:
            form.add_error(
                target, message_for(str(item.get("code", "")), str(item.get("message", "")))
            )
