"""Vendor endpoints: applying, the public profile, the vendor's own profile and team, staff review."""

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.accounts.permissions import StaffPermission
from globalmarket.accounts.roles import Perm, VendorRole
from globalmarket.catalog.i18n import translated
from globalmarket.core.money import quantize
from globalmarket.core.pagination import PageNumberPagination
from globalmarket.core.schema import component_names
from globalmarket.tenancy.context import require_tenant

from . import selectors, services, team
from .access import audit_role, membership_for_request, vendor_for_request
from .models import Vendor

X_VENDOR = OpenApiParameter(
    "X-Vendor", str, OpenApiParameter.HEADER, required=False,
    description="Slug of the vendor to act for, when the account belongs to several.",
)  # fmt: skip

# --- inputs shared by applying and editing


class AddressInput(serializers.Serializer):
    street = serializers.CharField(max_length=200)
    city = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    state = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PayoutInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=Vendor.PayoutMethod.choices,
                                     default=Vendor.PayoutMethod.BANK_TRANSFER)  # fmt: skip
    iban = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    bic = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    account_holder = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                           default="")  # fmt: skip
    paypal_email = serializers.EmailField(max_length=254, required=False, allow_blank=True,
                                          default="")  # fmt: skip


class ShippingRateInput(serializers.Serializer):
    cost = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0)  # type: ignore[arg-type]
    delivery_days_min = serializers.IntegerField(min_value=0, max_value=90)
    delivery_days_max = serializers.IntegerField(min_value=0, max_value=90)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["delivery_days_min"] > attrs["delivery_days_max"]:
            raise serializers.ValidationError(
                {"delivery_days_max": "Must not be less than delivery_days_min."}
            )
        return attrs


def _description() -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(max_length=5000, allow_blank=True),
                                 required=False)  # fmt: skip


# --- outputs


class PayoutOutput(serializers.Serializer):
    method = serializers.CharField(source="payout_method")
    iban_masked = serializers.CharField()
    bic = serializers.CharField()
    account_holder = serializers.CharField()
    paypal_email = serializers.CharField()


class VendorOwnOutput(serializers.Serializer):
    """A vendor as its own team and staff see it: payout details masked."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    legal_form = serializers.CharField()
    vat_number = serializers.CharField()
    country = serializers.CharField()
    address = serializers.DictField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    description = serializers.DictField(child=serializers.CharField())
    payout = PayoutOutput(source="*")
    shipping_rates = serializers.DictField()
    free_shipping_over = serializers.SerializerMethodField()
    rejection_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField()

    def get_free_shipping_over(self, vendor: Vendor) -> str | None:
        if vendor.free_shipping_over is None:
            return None
        return str(quantize(vendor.free_shipping_over, require_tenant().default_currency))


class ActorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()


class StatusEventOutput(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
    actor = ActorOutput(allow_null=True)
    created_at = serializers.DateTimeField()


class MemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    email = serializers.CharField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    role = serializers.CharField()
    created_at = serializers.DateTimeField()


class StaffVendorDetailOutput(VendorOwnOutput):
    status_history = StatusEventOutput(source="status_events", many=True)
    members = MemberOutput(many=True)


class StaffVendorListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    country = serializers.CharField()
    legal_form = serializers.CharField()
    vat_number = serializers.CharField()
    contact_email = serializers.CharField()
    iban_masked = serializers.CharField()
    created_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField()


class PublicVendorOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.SerializerMethodField()
    country = serializers.CharField()
    rating_avg = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    rating_count = serializers.IntegerField()

    def get_description(self, vendor: Vendor) -> str:
        return translated(vendor.description, translation.get_language())


class InvitationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()
    role = serializers.CharField()
    expires_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()


# --- applying and the public profile


class VendorApplyApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        legal_form = serializers.CharField(max_length=60)
        vat_number = serializers.CharField(max_length=32)
        country = serializers.CharField(min_length=2, max_length=2)
        address = AddressInput()
        contact_email = serializers.EmailField(max_length=254)
        contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                              default="")  # fmt: skip
        description = _description()
        payout = PayoutInput()

    @extend_schema(request=Input, responses={201: VendorOwnOutput}, tags=["vendors"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_apply(user=request.user, **data.validated_data)
        return Response(VendorOwnOutput(vendor).data, status=201)


class VendorPublicDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: PublicVendorOutput}, tags=["vendors"])
    def get(self, request: Request, slug: str) -> Response:
        return Response(PublicVendorOutput(selectors.public_vendor(slug)).data)


# --- the vendor's own profile and team (X-Vendor header picks the vendor when several)


class VendorProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        legal_form = serializers.CharField(max_length=60)
        vat_number = serializers.CharField(max_length=32)
        address = AddressInput()
        contact_email = serializers.EmailField(max_length=254)
        contact_phone = serializers.CharField(max_length=32, allow_blank=True)
        description = _description()
        payout = PayoutInput()
        shipping_rates = serializers.DictField(child=ShippingRateInput())
        free_shipping_over = serializers.DecimalField(max_digits=12, decimal_places=3,
                                                      min_value=0, allow_null=True)  # type: ignore[arg-type]  # fmt: skip

    @extend_schema(responses={200: VendorOwnOutput}, tags=["vendor"], parameters=[X_VENDOR])
    def get(self, request: Request) -> Response:
        vendor = vendor_for_request(request, Perm.VENDOR_PROFILE)
        return Response(VendorOwnOutput(vendor).data)

    @extend_schema(
        request=Input, responses={200: VendorOwnOutput}, tags=["vendor"], parameters=[X_VENDOR]
    )
    def patch(self, request: Request) -> Response:
        membership = membership_for_request(request, Perm.VENDOR_PROFILE)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_update_profile(
            vendor=membership.vendor,
            actor=request.user,
            changes=dict(data.validated_data),
            actor_role=audit_role(membership),
        )
        return Response(VendorOwnOutput(vendor).data)


class VendorMemberListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MemberOutput(many=True)}, tags=["vendor"], parameters=[X_VENDOR])
    def get(self, request: Request) -> Response:
        vendor = vendor_for_request(request, Perm.VENDOR_TEAM)
        return Response(MemberOutput(selectors.team_members(vendor), many=True).data)


class VendorMemberDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        role = serializers.ChoiceField(choices=VendorRole.choices)

    @extend_schema(
        request=Input, responses={200: MemberOutput}, tags=["vendor"], parameters=[X_VENDOR]
    )
    def patch(self, request: Request, member_id: int) -> Response:
        acting = membership_for_request(request, Perm.VENDOR_TEAM)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        member = team.member_change_role(vendor=acting.vendor, actor=request.user, member_id=member_id,
                                         role=data.validated_data["role"], actor_role=audit_role(acting))  # fmt: skip
        return Response(MemberOutput(member).data)

    @extend_schema(responses={204: None}, tags=["vendor"], parameters=[X_VENDOR])
    def delete(self, request: Request, member_id: int) -> Response:
        acting = membership_for_request(request, Perm.VENDOR_TEAM)
        team.member_remove(vendor=acting.vendor, actor=request.user, member_id=member_id,
                           actor_role=audit_role(acting))  # fmt: skip
        return Response(status=204)


class VendorInvitationCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        role = serializers.ChoiceField(choices=[VendorRole.MANAGER, VendorRole.STAFF])

    @extend_schema(
        responses={200: InvitationOutput(many=True)}, tags=["vendor"], parameters=[X_VENDOR]
    )
    def get(self, request: Request) -> Response:
        vendor = vendor_for_request(request, Perm.VENDOR_TEAM)
        return Response(InvitationOutput(selectors.open_invitations(vendor), many=True).data)

    @extend_schema(
        request=Input, responses={201: InvitationOutput}, tags=["vendor"], parameters=[X_VENDOR]
    )
    def post(self, request: Request) -> Response:
        acting = membership_for_request(request, Perm.VENDOR_TEAM)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, _token = team.invitation_create(vendor=acting.vendor, actor=request.user,
                                                    actor_role=audit_role(acting), **data.validated_data)  # fmt: skip
        return Response(InvitationOutput(invitation).data, status=201)


class VendorInvitationAcceptApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        token = serializers.CharField(max_length=128)

    @extend_schema(request=Input, responses={201: MemberOutput}, tags=["vendor"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        member = team.invitation_accept(user=request.user, token=data.validated_data["token"])
        return Response(MemberOutput(member).data, status=201)


# --- staff review


class StaffVendorListApi(APIView):
    permission_classes = [StaffPermission.of(Perm.VENDOR_REVIEW)]

    class Filters(serializers.Serializer):
        status = serializers.ChoiceField(choices=Vendor.Status.choices, required=False)
        iban = serializers.CharField(max_length=50, required=False)
        q = serializers.CharField(max_length=100, required=False)

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=Vendor.Status.values),
                    OpenApiParameter("iban", description="Find by exact IBAN (keyed hash)."),
                    OpenApiParameter("q", description="Name contains."),
                    OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: StaffVendorListOutput(many=True)}, tags=["staff"],
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        filters = self.Filters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        vendors = selectors.staff_vendor_list(status=params.get("status"), iban=params.get("iban"),
                                              search=params.get("q"))  # fmt: skip
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(vendors, request, view=self)
        return paginator.get_paginated_response(StaffVendorListOutput(page, many=True).data)


class StaffVendorDetailApi(APIView):
    permission_classes = [StaffPermission.of(Perm.VENDOR_REVIEW)]

    @extend_schema(responses={200: StaffVendorDetailOutput}, tags=["staff"])
    def get(self, request: Request, vendor_id: int) -> Response:
        return Response(StaffVendorDetailOutput(selectors.staff_vendor_detail(vendor_id)).data)


class _StaffVendorTransitionApi(APIView):
    permission_classes = [StaffPermission.of(Perm.VENDOR_REVIEW)]
    action_name = ""

    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                       default="")  # fmt: skip

    def post(self, request: Request, vendor_id: int) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.vendor_transition(vendor_id=vendor_id, action=self.action_name,
                                   actor=request.user, reason=data.validated_data["reason"])  # fmt: skip
        return Response(StaffVendorDetailOutput(selectors.staff_vendor_detail(vendor_id)).data)


_TRANSITION_SCHEMA = {"request": _StaffVendorTransitionApi.Input,
                      "responses": {200: StaffVendorDetailOutput}, "tags": ["staff"]}  # fmt: skip


def _transition_api(action: str, summary: str) -> type[_StaffVendorTransitionApi]:
    """One staff endpoint per review transition; only the action and the summary differ."""
    view = type(
        f"StaffVendor{action.title()}Api", (_StaffVendorTransitionApi,), {"action_name": action}
    )
    return extend_schema_view(post=extend_schema(**_TRANSITION_SCHEMA, summary=summary))(view)  # type: ignore[arg-type]


StaffVendorApproveApi = _transition_api("approve", "Approve a pending vendor")
StaffVendorRejectApi = _transition_api("reject", "Reject a pending vendor (reason required)")
StaffVendorSuspendApi = _transition_api("suspend", "Suspend an approved vendor (reason required)")
StaffVendorReinstateApi = _transition_api("reinstate", "Reinstate a suspended vendor")


_StaffVendorTransitionApi.Input.__name__ = _StaffVendorTransitionApi.Input.__qualname__ = (
    "StaffVendorTransitionInput"
)

component_names(VendorApplyApi, VendorProfileApi, VendorMemberDetailApi, VendorInvitationCreateApi,
                VendorInvitationAcceptApi)  # fmt: skip
StaffVendorListApi.Filters.__name__ = StaffVendorListApi.Filters.__qualname__ = "StaffVendorFilters"
