"""Bearer tokens bound to a region: a Europe token means nothing in MENA (401)."""

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import RefreshToken, Token

from globalmarket.tenancy.context import current_tenant

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
        user = super().get_user(validated_token)
        tenant = current_tenant()
        if tenant is None or getattr(user, "tenant_id", None) != tenant.id:
            raise exceptions.AuthenticationFailed("User not found.", code="user_not_found")
        return user


class CsrfSessionAuthentication(authentication.SessionAuthentication):
    """Session cookies for the server-rendered pages' own fetch() calls (CSRF enforced)."""

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
