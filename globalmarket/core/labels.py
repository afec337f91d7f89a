"""Translated labels of status codes shown on pages (model choices are English, for the API)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUS_LABELS = {
    "pending": _("Pending"),
    "confirmed": _("Confirmed"),
    "accepted": _("Accepted"),
    "partially_shipped": _("Partially shipped"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "cancelled": pgettext_lazy("order status", "Cancelled"),
    "rejected": pgettext_lazy("order status", "Rejected"),
    "returned": _("Returned"),
    "refunded": _("Refunded"),
    "authorized": _("Authorized"),
    "paid": _("Paid"),
    "failed": _("Failed"),
    "partially_refunded": _("Partially refunded"),
    "cod": _("Cash on delivery"),
    "requires_action": _("Waiting for you"),
    "draft": _("Draft"),
    "pending_review": _("Pending review"),
    "published": _("Published"),
    "archived": _("Archived"),
    "approved": pgettext_lazy("vendor status", "Approved"),
    "suspended": pgettext_lazy("vendor status", "Suspended"),
    "owner": _("Owner"),
    "manager": _("Manager"),
    "staff": pgettext_lazy("vendor role", "Staff"),
    "payment": _("Payment"),
    "note": _("Note"),
}


def status_label(code: str | None) -> str:
    return str(STATUS_LABELS.get(code or "", code or ""))
