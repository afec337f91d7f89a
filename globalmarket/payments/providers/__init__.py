"""Payment providers behind one interface; `provider_for_method` picks one per method."""

from django.conf import settings

from globalmarket.core.errors import ApplicationError

from ..errors import PaymentError
from .base import PaymentProvider


def get_provider(name: str) -> PaymentProvider:
    from .cod import CodProvider
    from .paypal import PayPalProvider
    from .sandbox import SandboxProvider
    from .stripe import StripeProvider

    providers: dict[str, type[PaymentProvider]] = {
        "sandbox": SandboxProvider,
        "stripe": StripeProvider,
        "paypal": PayPalProvider,
        "cod": CodProvider,
    }
    if name not in providers:
        raise ApplicationError(
            PaymentError.PROVIDER_UNKNOWN, "Unknown payment provider.", status=404
        )
    return providers[name]()


def provider_name_for_method(method: str) -> str:
    """Which provider handles a method here: configuration, defaulting to the sandbox."""
    if method == "cod":
        return "cod"
    configured = {
        "card": settings.PAYMENTS_CARD_PROVIDER,
        "ideal": settings.PAYMENTS_IDEAL_PROVIDER,
        "paypal": settings.PAYMENTS_PAYPAL_PROVIDER,
    }
    return str(configured.get(method) or "sandbox")
