from typing import Any

from django.db.models import QuerySet

from .models import VendorMember


def memberships_for(user: Any) -> QuerySet[VendorMember]:
    return VendorMember.objects.filter(user=user).select_related("vendor").order_by("vendor__name")
