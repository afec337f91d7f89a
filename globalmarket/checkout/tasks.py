"""Periodic release of stock held by unpaid orders whose payment window has passed."""

from celery import shared_task
from django.utils import timezone

from globalmarket.orders.models import Order
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.selectors import active_tenants

from .models import StockReservation


def release_expired_in_current_tenant(limit: int = 500) -> int:
    from globalmarket.orders.services import order_expire

    order_ids = list(
        StockReservation.objects.filter(status=StockReservation.Status.ACTIVE, expires_at__lte=timezone.now())
        .values_list("order_id", flat=True).distinct()[:limit]
    )  # fmt: skip
    cancelled = 0
    for order in Order.objects.filter(id__in=order_ids):
        cancelled += order_expire(order=order)
    return cancelled


@shared_task
def release_expired_reservations() -> int:
    """Cancel unpaid orders past their hold and give their stock back, in every region."""
    total = 0
    for tenant in active_tenants():
        with use_tenant(tenant):
            total += release_expired_in_current_tenant()
    return total
