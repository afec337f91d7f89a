from .models import Payment


def payment_for_order(order_number: str) -> Payment | None:
    return Payment.objects.filter(order_number=order_number).prefetch_related("attempts").first()


def payment_by_public_id(public_id: str) -> Payment | None:
    return Payment.objects.filter(public_id=public_id).first()
