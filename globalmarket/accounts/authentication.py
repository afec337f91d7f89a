"""Bearer tokens bound to a region: a Europe token means nothing in MENA (401)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from globalmarket.tenancy.context import current_tenant
from globalmarket.tenancy.rows import tenant_row

TENANT_CLAIM = "tenant"


def tokens_for(user: Any) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    refresh[TENANT_CLAIM] = str(user.tenant_id)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def check_token_tenant(token: Token) -> None:
    tenant = current_tenant()
    if tenant is None or token.get(TENANT_CLAIM) != str(tenant.id):
        raise exceptions.AuthenticationFailed("This token was not issued by this region.",
                                              code="token_not_valid")  # fmt: skip


class TenantJWTAuthentication(JWTAuthentication):
    def get_validated_token(self, raw_token: bytes) -> Token:
        token = super().get_validated_token(raw_token)
        check_token_tenant(token)
        return token

    def get_user(self, validated_token: Token) -> Any:
        """simplejwt's checks, with the user read by one prebuilt SELECT (every API request)."""
        tenant = current_tenant()
        if tenant is None:
            raise exceptions.AuthenticationFailed(_("User not found"), code="user_not_found")
        if api_settings.USER_ID_FIELD != "id":
            user = super().get_user(validated_token)
        else:
            try:
                user_id = validated_token[api_settings.USER_ID_CLAIM]
            except KeyError as e:
                raise InvalidToken(
                    str(_("Token contained no recognizable user identification"))
                ) from e
            found = tenant_row(self.user_model, user_id)
            if found is None:
                raise exceptions.AuthenticationFailed(_("User not found"), code="user_not_found")
            user = found
            if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
                raise exceptions.AuthenticationFailed(_("User is inactive"), code="user_inactive")
            if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
                api_settings.REVOKE_TOKEN_CLAIM
            ) != get_md5_hash_password(user.password):
                raise exceptions.AuthenticationFailed(
                    _("The user's password has been changed."), code="password_changed"
                )
        if getattr(user, "tenant_id", None) != tenant.id:
            raise exceptions.AuthenticationFailed(_("User not found"), code="user_not_found")
        return user


class CsrfSessionAuthentication(authentication.SessionAuthentication):
    """Session cookies for the server-rendered pages' own fetch() calls (CSRF enforced)."""

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
