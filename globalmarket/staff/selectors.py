"""What needs a staff member's attention in this region, counted per queue they may act on."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from globalmarket.accounts.permissions import has_perm
from globalmarket.accounts.roles import Perm
from globalmarket.catalog.models import Product
from globalmarket.orders.models import VendorOrder
from globalmarket.vendors.models import Vendor


@dataclass(frozen=True)
class Queue:
    title: str
    count: int
    url: str


def work_queues(user: Any) -> list[Queue]:
    queues = []
    if has_perm(user, Perm.VENDOR_REVIEW):
        queues.append(Queue(str(_("Vendors waiting for review")),
                            Vendor.objects.filter(status=Vendor.Status.PENDING).count(),
                            reverse("admin:vendors_vendor_changelist") + "?status__exact=pending"))  # fmt: skip
    if has_perm(user, Perm.PRODUCT_MODERATE):
        queues.append(Queue(str(_("Products waiting for moderation")),
                            Product.objects.filter(status=Product.Status.PENDING_REVIEW).count(),
                            reverse("admin:catalog_product_changelist") + "?status__exact=pending_review"))  # fmt: skip
    if has_perm(user, Perm.ORDER_VIEW_ALL):
        queues.append(Queue(str(_("Vendor orders not yet accepted")),
                            VendorOrder.objects.filter(status=VendorOrder.Status.PENDING).count(),
                            reverse("admin:orders_vendororder_changelist") + "?status__exact=pending"))  # fmt: skip
    return queues
