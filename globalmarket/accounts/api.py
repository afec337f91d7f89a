"""Authentication and profile endpoints under /api/v1/auth/ and /api/v1/me/."""

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from globalmarket.cart.hooks import on_sign_in
from globalmarket.core.errors import ApplicationError
from globalmarket.core.http import client_ip
from globalmarket.core.schema import component_names

from . import services
from .authentication import check_token_tenant, tokens_for
from .errors import AccountError
from .selectors import user_roles


def _email() -> serializers.EmailField:
    return serializers.EmailField(max_length=254)


def _password() -> serializers.CharField:
    return serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    phone = serializers.CharField()
    preferred_language = serializers.CharField()
    roles = serializers.SerializerMethodField()

    def get_roles(self, user: Any) -> list[str]:
        return user_roles(user)


class TokenOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RegisterApi(APIView):
    authentication_classes: list[Any] = []

    class Input(serializers.Serializer):
        email = _email()
        password = _password()
        full_name = serializers.CharField(max_length=150)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
        preferred_language = serializers.CharField(
            max_length=8, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=Input, responses={201: UserOutput}, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(**data.validated_data)
        return Response(UserOutput(user).data, status=201)


class TokenObtainApi(APIView):
    authentication_classes: list[Any] = []

    class Input(serializers.Serializer):
        email = _email()
        password = _password()

    @extend_schema(request=Input, responses={200: TokenOutput}, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_authenticate(**data.validated_data, ip=client_ip(request))
        on_sign_in(request, user)  # adopt the anonymous cart
        return Response(tokens_for(user))


class TokenRefreshApi(APIView):
    authentication_classes: list[Any] = []

    class Input(serializers.Serializer):
        refresh = serializers.CharField(max_length=4096)

    @extend_schema(request=Input, responses={200: TokenOutput}, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            check_token_tenant(RefreshToken(data.validated_data["refresh"]))  # type: ignore[arg-type]
            refreshed = TokenRefreshSerializer(data=data.validated_data)
            refreshed.is_valid(raise_exception=True)
        except (TokenError, exceptions.AuthenticationFailed) as exc:
            raise ApplicationError(AccountError.TOKEN_INVALID, str(exc), status=401) from exc
        return Response(refreshed.validated_data)


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        refresh = serializers.CharField(max_length=4096)

    @extend_schema(request=Input, responses={204: None}, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            token = RefreshToken(data.validated_data["refresh"])  # type: ignore[arg-type]
            check_token_tenant(token)
            if str(token.get("user_id")) != str(request.user.pk):
                raise TokenError("Token does not belong to you.")
            token.blacklist()
        except (TokenError, exceptions.AuthenticationFailed) as exc:
            raise ApplicationError(AccountError.TOKEN_INVALID, str(exc), status=400) from exc
        return Response(status=204)


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        full_name = serializers.CharField(max_length=150, required=False)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
        preferred_language = serializers.CharField(max_length=8, required=False, allow_blank=True)

    @extend_schema(responses={200: UserOutput}, tags=["account"])
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)

    @extend_schema(request=Input, responses={200: UserOutput}, tags=["account"])
    def patch(self, request: Request) -> Response:
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(UserOutput(user).data)


class PasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        old_password = _password()
        new_password = _password()

    @extend_schema(request=Input, responses={204: None}, tags=["account"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_change_password(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(status=204)


class PasswordResetApi(APIView):
    authentication_classes: list[Any] = []

    class Input(serializers.Serializer):
        email = _email()

    @extend_schema(request=Input, responses={202: inline_serializer("Accepted", {"detail": serializers.CharField()})},
                   tags=["auth"])  # fmt: skip
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(**data.validated_data)
        return Response({"detail": "If the account exists, an email is on its way."}, status=202)


class PasswordResetConfirmApi(APIView):
    authentication_classes: list[Any] = []

    class Input(serializers.Serializer):
        uid = serializers.CharField(max_length=64)
        token = serializers.CharField(max_length=128)
        new_password = _password()

    @extend_schema(request=Input, responses={204: None}, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response(status=204)


component_names(RegisterApi, TokenObtainApi, TokenRefreshApi, LogoutApi, MeApi, PasswordChangeApi,
                PasswordResetApi, PasswordResetConfirmApi)  # fmt: skip
