from django.urls import URLPattern, URLResolver, path

from . import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("vendors/apply/", api.VendorApplyApi.as_view(), name="vendor-apply"),
    path("vendors/<slug:slug>/", api.VendorPublicDetailApi.as_view(), name="vendor-public"),
    path("vendor/profile/", api.VendorProfileApi.as_view(), name="vendor-profile"),
    path("vendor/members/", api.VendorMemberListApi.as_view(), name="vendor-members"),
    path(
        "vendor/members/invitations/",
        api.VendorInvitationCreateApi.as_view(),
        name="vendor-invitations",
    ),
    path(
        "vendor/members/<int:member_id>/", api.VendorMemberDetailApi.as_view(), name="vendor-member"
    ),
    path(
        "vendor/invitations/accept/",
        api.VendorInvitationAcceptApi.as_view(),
        name="vendor-invitation-accept",
    ),
    path("staff/vendors/", api.StaffVendorListApi.as_view(), name="staff-vendors"),
    path("staff/vendors/<int:vendor_id>/", api.StaffVendorDetailApi.as_view(), name="staff-vendor"),
    path(
        "staff/vendors/<int:vendor_id>/approve/",
        api.StaffVendorApproveApi.as_view(),
        name="staff-vendor-approve",
    ),
    path(
        "staff/vendors/<int:vendor_id>/reject/",
        api.StaffVendorRejectApi.as_view(),
        name="staff-vendor-reject",
    ),
    path(
        "staff/vendors/<int:vendor_id>/suspend/",
        api.StaffVendorSuspendApi.as_view(),
        name="staff-vendor-suspend",
    ),
    path(
        "staff/vendors/<int:vendor_id>/reinstate/",
        api.StaffVendorReinstateApi.as_view(),
        name="staff-vendor-reinstate",
    ),
]
