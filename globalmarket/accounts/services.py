"""Account writes: registration, sign-in with throttling, passwords, profile."""

from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from globalmarket.core import ratelimit
from globalmarket.core.errors import ApplicationError, RateLimited, field_error
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.tasks import enqueue_on_commit

from .errors import AccountError
from .models import User


def normalise_phone(phone: str) -> str:
    """Return the number in E.164, or raise with a field error."""
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ApplicationError(
            AccountError.INVALID_PHONE, "Enter a valid phone number in international format.",
            fields=field_error("phone", AccountError.INVALID_PHONE, "Use the form +31612345678."),
        )  # fmt: skip
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _check_language(language: str) -> str:
    tenant = require_tenant()
    if language and language not in tenant.languages:
        raise ApplicationError(
            AccountError.UNKNOWN_LANGUAGE, "This region does not offer that language.",
            fields=field_error("preferred_language", AccountError.UNKNOWN_LANGUAGE,
                               f"Choose one of {', '.join(tenant.languages)}."),
        )  # fmt: skip
    return language


def _validate_password(password: str, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            AccountError.WEAK_PASSWORD, "The password is too weak.",
            fields={field: [{"code": e.code or "invalid", "message": str(e.message % (e.params or {}))}
                            for e in exc.error_list]},
        ) from exc  # fmt: skip


def user_register(*, email: str, password: str, full_name: str, phone: str = "",
                  preferred_language: str = "") -> User:  # fmt: skip
    email = email.strip().lower()
    user = User(email=email, full_name=full_name.strip(), phone=normalise_phone(phone),
                preferred_language=_check_language(preferred_language))  # fmt: skip
    _validate_password(password, user)
    with atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ApplicationError(
                AccountError.EMAIL_TAKEN, "An account with this email already exists.",
                fields=field_error("email", AccountError.EMAIL_TAKEN, "This email is already registered."),
            )  # fmt: skip
        user.set_password(password)
        user.save()
        from .tasks import send_welcome_email

        enqueue_on_commit(send_welcome_email, user.pk)
    return user


def _throttle_keys(email: str, ip: str) -> tuple[str, str]:
    tenant = require_tenant()
    return f"login:acct:{tenant.slug}:{email.lower()}", f"login:ip:{tenant.slug}:{ip}"


def user_authenticate(*, email: str, password: str, ip: str) -> User:
    """Check credentials, throttled per account and per IP on atomic counters."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    account_key, ip_key = _throttle_keys(email, ip)
    for key, limit in (
        (account_key, settings.LOGIN_FAILURES_PER_ACCOUNT),
        (ip_key, settings.LOGIN_FAILURES_PER_IP),
    ):
        state = ratelimit.peek(key, window=window)
        if state.count >= limit:
            raise RateLimited(
                "Too many failed sign-in attempts. Try again later.", retry_after=state.retry_after
            )
    user = authenticate(None, username=email, password=password)
    if user is None:
        ratelimit.hit(account_key, window=window)
        ratelimit.hit(ip_key, window=window)
        raise ApplicationError(
            AccountError.INVALID_CREDENTIALS, "Email or password is incorrect.", status=401
        )
    ratelimit.reset(account_key)
    return user  # type: ignore[return-value]


def user_update_profile(*, user: User, **changes: Any) -> User:
    if "phone" in changes:
        changes["phone"] = normalise_phone(changes["phone"])
    if "preferred_language" in changes:
        _check_language(changes["preferred_language"])
    allowed = {"full_name", "phone", "preferred_language"}
    with atomic():
        for field, value in changes.items():
            if field in allowed:
                setattr(user, field, value)
        user.save(update_fields=[f for f in changes if f in allowed])
    return user


def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ApplicationError(
            AccountError.WRONG_PASSWORD, "The current password is not correct.",
            fields=field_error("old_password", AccountError.WRONG_PASSWORD, "Not your current password."),
        )  # fmt: skip
    _validate_password(new_password, user, field="new_password")
    with atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])


def password_reset_request(*, email: str) -> None:
    """Email a reset link if the account exists; say nothing either way (no enumeration)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    from .tasks import send_password_reset_email

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with atomic():
        enqueue_on_commit(send_password_reset_email, user.pk, uid, token)


def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    invalid = ApplicationError(
        AccountError.INVALID_RESET_LINK, "This reset link is invalid or has expired."
    )
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError):
        raise invalid from None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise invalid
    _validate_password(new_password, user, field="new_password")
    with atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user
