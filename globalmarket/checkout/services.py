"""Checkout: re-price the cart server-side, hold stock, create the order and its vendor orders."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from globalmarket.cart.addresses import address_values, clean_address
from globalmarket.cart.models import Address
from globalmarket.cart.selectors import (
    checkout_lines,
    is_sellable,
    max_line_quantity,
    variant_label,
)
from globalmarket.cart.services import cart_clear_lines
from globalmarket.catalog.i18n import active_language, translated
from globalmarket.core.errors import ApplicationError, FieldErrors, field_error
from globalmarket.ledger.commission import CommissionBook
from globalmarket.orders.models import Order, OrderLine, VendorOrder
from globalmarket.orders.notifications import notify_order_placed
from globalmarket.orders.numbering import assign_order_number, vendor_order_number
from globalmarket.orders.services import Role, order_event_row
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.rows import insert_rows

from . import coupons
from .errors import CheckoutError
from .payment_hook import (
    check_payment_method,
    confirms_at_checkout,
    open_payment_in_checkout,
    start_payment,
)
from .pricing import Item, Quote, Shipping, build_quote
from .reservations import create_reservations, take_stock
from .shipping import vendor_shipping
from .tax import rate_table


@dataclass
class CheckoutResult:
    order: Order
    vendor_orders: list[VendorOrder]
    payment: dict[str, Any]
    lines: list[OrderLine] = field(default_factory=list)  # as written, for the response


def resolve_address(user: Any, value: Any, field: str) -> dict[str, str]:
    """A saved address id or an address object → a validated address dict."""
    if isinstance(value, int) and not isinstance(value, bool):
        address = Address.objects.filter(user=user, id=value).first()
        if address is None:
            raise ApplicationError(CheckoutError.ADDRESS_NOT_FOUND, "No such saved address.",
                                   fields=field_error(field, CheckoutError.ADDRESS_NOT_FOUND, "Unknown address."))  # fmt: skip
        value = address_values(address)
    if not isinstance(value, dict):
        raise ApplicationError("invalid", "The request has invalid fields.",
                               fields=field_error(field, "invalid", "An address object or a saved address id."))  # fmt: skip
    return clean_address(value, prefix=f"{field}.")


def checkout_place(*, user: Any, shipping_address: Any, billing_address: Any = None,
                   payment_method: str, coupon_code: str = "", customer_note: str = "") -> CheckoutResult:  # fmt: skip
    tenant = require_tenant()
    currency = tenant.default_currency
    ship_to = resolve_address(user, shipping_address, "shipping_address")
    bill_to = (
        resolve_address(user, billing_address, "billing_address") if billing_address else ship_to
    )
    country = ship_to["country"]
    check_payment_method(payment_method, country)

    lines = checkout_lines(user)
    if not lines:
        raise ApplicationError(CheckoutError.CART_EMPTY, "Your cart is empty.")
    problems: FieldErrors = {}
    for line in lines:
        if not is_sellable(line.variant):
            problems[f"cart.{line.id}"] = [{"code": str(CheckoutError.UNAVAILABLE),
                                            "message": f"{line.variant.sku} is no longer sold."}]  # fmt: skip
        elif line.quantity > max_line_quantity():
            problems[f"cart.{line.id}"] = [{"code": "quantity_limit", "message": "Too many units."}]
    if problems:
        raise ApplicationError(
            CheckoutError.UNAVAILABLE, "Some items cannot be ordered.", fields=problems
        )

    by_vendor: dict[int, list[Any]] = defaultdict(list)
    for line in lines:
        by_vendor[line.variant.vendor_id].append(line)
    shipping: dict[int, Shipping] = {}
    for vendor_id, vendor_lines in by_vendor.items():
        products = list({ln.variant.product_id: ln.variant.product for ln in vendor_lines}.values())
        shipping[vendor_id] = vendor_shipping(products, products[0].vendor, country)

    coupon = coupons.coupon_for_checkout(coupon_code, user=user) if coupon_code else None
    items = [Item(key=ln.variant_id, vendor_id=ln.variant.vendor_id, quantity=ln.quantity,
                  unit_price=ln.variant.price, tax_class=ln.variant.product.tax_class) for ln in lines]  # fmt: skip
    quote = build_quote(items=items, shipping=shipping, country=country, rates=rate_table(),
                        currency=currency, includes_vat=tenant.prices_include_vat,
                        coupon=coupons.terms(coupon) if coupon else None)  # fmt: skip
    if coupon is not None and not quote.coupon_applied:
        code = (
            CheckoutError.COUPON_MIN_SPEND
            if coupon.min_spend
            else CheckoutError.COUPON_NOT_APPLICABLE
        )
        raise ApplicationError(code, "This coupon does not apply to your cart.",
                               fields=field_error("coupon", code, f"Minimum spend {coupon.min_spend} on eligible items."))  # fmt: skip

    quantities: dict[int, int] = {}
    for ln in lines:
        if ln.variant.product.track_inventory:
            quantities[ln.variant_id] = quantities.get(ln.variant_id, 0) + ln.quantity
    names = {ln.variant_id: translated(ln.variant.product.name) for ln in lines}
    confirm_now = confirms_at_checkout(payment_method)

    with atomic():
        take_stock(quantities, names)
        if coupon is not None:
            coupons.coupon_take(coupon=coupon)
        order, vendor_orders, order_lines = _create_order(
            user=user, quote=quote, lines=lines, ship_to=ship_to, bill_to=bill_to,
            payment_method=payment_method, coupon_code=coupon.code if coupon else "",
            customer_note=customer_note, confirmed=confirm_now,
        )  # fmt: skip
        if coupon is not None:
            coupons.coupon_record(coupon=coupon, user=user, order=order, amount=quote.discount)
        create_reservations(order, quantities, committed=confirm_now)
        cart_clear_lines(cart_id=lines[0].cart_id)
        notify_order_placed(order)
        # Last: the counter row stays locked until commit, so only the number's own writes
        # (and, for cash on delivery, the payment's two rows, which need the number) follow.
        assign_order_number(order, vendor_orders)
        payment = open_payment_in_checkout(order) if confirm_now else None
    if payment is None:
        payment = start_payment(order)  # after commit: providers are not called under our locks
        order.refresh_from_db()
    return CheckoutResult(
        order=order, vendor_orders=vendor_orders, payment=payment, lines=order_lines
    )


def _create_order(*, user: Any, quote: Quote, lines: list[Any], ship_to: dict[str, str],
                  bill_to: dict[str, str], payment_method: str, coupon_code: str,
                  customer_note: str, confirmed: bool) -> tuple[Order, list[VendorOrder], list[OrderLine]]:  # fmt: skip
    """Insert the order, its vendor orders, lines and first timeline events (one INSERT each).

    `confirmed` (cash on delivery): the order is created confirmed, as `order_confirm` would
    leave it, with the same two events (placed by the customer, confirmed by the system).
    """
    number = f"P-{uuid.uuid4().hex[:30]}"  # placeholder until assign_order_number
    language = active_language()
    now = timezone.now()
    (order,) = insert_rows([Order(
        number=number, customer=user, customer_email=user.email, language=language,
        shipping_address=ship_to, billing_address=bill_to, currency=quote.currency,
        prices_include_vat=quote.includes_vat, subtotal=quote.subtotal,
        shipping_cost=quote.shipping_cost, discount=quote.discount, tax=quote.tax,
        total=quote.total, vat_breakdown=quote.vat_breakdown, coupon_code=coupon_code,
        payment_method=payment_method, customer_note=customer_note,
        **({"status": Order.Status.CONFIRMED, "confirmed_at": now,
            "payment_status": Order.PaymentStatus.CASH_ON_DELIVERY} if confirmed else {}),
    )])  # fmt: skip
    by_variant = {ln.variant_id: ln for ln in lines}
    vendors = {ln.variant.vendor_id: ln.variant.product.vendor for ln in lines}
    vendor_orders = list(insert_rows([
        VendorOrder(
            order=order, vendor=vendors[vq.vendor_id], number=vendor_order_number(number, sequence),
            sequence=sequence, currency=quote.currency, subtotal=vq.subtotal,
            shipping_cost=vq.shipping_cost, discount=vq.discount, tax=vq.tax, total=vq.total,
            vat_breakdown=vq.vat_breakdown, delivery_days_min=vq.days_min, delivery_days_max=vq.days_max,
        )
        for sequence, vq in enumerate(quote.vendors, start=1)
    ]))  # fmt: skip
    order_lines: list[OrderLine] = []
    for vo, vq in zip(vendor_orders, quote.vendors, strict=True):
        for lq in vq.lines:
            variant = by_variant[lq.item.key].variant
            product = variant.product
            order_lines.append(OrderLine(
                order=order, vendor_order=vo, product=product, variant=variant,
                product_name=translated(product.name, language)[:255], product_name_i18n=product.name,
                sku=variant.sku, variant_label=variant_label(variant)[:130], tax_class=product.tax_class,
                unit_price=lq.item.unit_price, quantity=lq.item.quantity, line_subtotal=lq.subtotal,
                discount=lq.discount, vat_rate=lq.vat_rate, vat_amount=lq.vat, line_net=lq.net,
                line_total=lq.total,
            ))  # fmt: skip
    _freeze_commission(order_lines, quote.currency)
    insert_rows(order_lines)
    events = [order_event_row(order=order, actor=user, role=Role.CUSTOMER,
                              to_status=Order.Status.PENDING, note="Order placed.")]  # fmt: skip
    if confirmed:
        events.append(order_event_row(order=order, actor=None, role=Role.SYSTEM,
                                      from_status=Order.Status.PENDING, to_status=Order.Status.CONFIRMED))  # fmt: skip
    insert_rows(events)
    return order, vendor_orders, order_lines


def _freeze_commission(lines: list[OrderLine], currency: str) -> None:
    """Freeze each line's commission rate from the ledger's rules (all rules in one query)."""
    book = CommissionBook()
    for line in lines:
        product = line.product
        assert product is not None
        # The category came with the cart lines (select_related): its path picks the nearest
        # category rule without the book reading the category table.
        terms = book.terms_for(vendor_id=product.vendor_id, category=product.category)
        line.commission_rate = terms.rate_for_line(line.line_net, currency)
