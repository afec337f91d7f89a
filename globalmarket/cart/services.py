"""Cart writes: add, change, remove lines; merge an anonymous cart at sign-in; addresses."""

from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from globalmarket.catalog.models import ProductVariant
from globalmarket.core.errors import ApplicationError, NotFound, field_error
from globalmarket.core.money import quantize
from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.rows import insert_rows

from .addresses import address_values, clean_address
from .errors import CartError
from .models import Address, Cart, CartLine
from .selectors import (
    cart_for,
    cart_lines_locked,
    is_sellable,
    line_limit,
    max_line_quantity,
    variants_by_id,
)


def _check_quantity(variant: ProductVariant, quantity: int) -> None:
    if not is_sellable(variant):
        raise ApplicationError(CartError.UNAVAILABLE, "This item is not for sale.",
                               fields=field_error("variant", CartError.UNAVAILABLE, "Not for sale."))  # fmt: skip
    limit = line_limit(variant)
    if limit == 0:
        raise ApplicationError(CartError.OUT_OF_STOCK, "This item is out of stock.",
                               fields=field_error("variant", CartError.OUT_OF_STOCK, "Out of stock."))  # fmt: skip
    if quantity > limit:
        code = (
            CartError.QUANTITY_LIMIT
            if limit == max_line_quantity()
            else CartError.INSUFFICIENT_STOCK
        )
        raise ApplicationError(code, f"At most {limit} can be ordered.",
                               fields=field_error("quantity", code, f"At most {limit}."),
                               extra={"max_quantity": limit})  # fmt: skip


def _variant_not_found() -> ApplicationError:
    return ApplicationError(CartError.VARIANT_NOT_FOUND, "No such product variant.",
                            fields=field_error("variant", CartError.VARIANT_NOT_FOUND, "Unknown variant."))  # fmt: skip


def _variant(variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.select_related("product__vendor").filter(id=variant_id).first()
    if variant is None:
        raise _variant_not_found()
    return variant


def validate_new_item(*, variant_id: int, quantity: int) -> None:
    _check_quantity(_variant(variant_id), quantity)


def cart_get_or_create(*, user: Any = None, token: Any = None) -> Cart:
    cart = cart_for(user=user, token=token)
    if cart is not None:
        return cart
    owner = user if user is not None and user.is_authenticated else None
    try:
        with atomic():
            return Cart.objects.create(user=owner)
    except IntegrityError:  # a parallel request created the user's cart first
        found = cart_for(user=user, token=token)
        assert found is not None
        return found


def cart_add_item(*, cart: Cart, variant_id: int, quantity: int) -> CartLine:
    """Add `quantity` units of a variant (to its line if there is one); return that line."""
    lines = cart_add(cart=cart, variant_id=variant_id, quantity=quantity)
    return next(line for line in lines if line.variant_id == variant_id)


def cart_add(*, cart: Cart, variant_id: int, quantity: int) -> list[CartLine]:
    """Add units of a variant; return all the cart's lines with variant, product and vendor.

    The cart's lines are locked and read once, with all their variants in one query, so
    the caller can show the cart without reading it again: BEGIN, lines FOR UPDATE,
    variants, INSERT or UPDATE of the line, the cart's updated_at, COMMIT.
    """
    with atomic():
        lines = cart_lines_locked(cart)
        variants = variants_by_id([variant_id, *(ln.variant_id for ln in lines)])
        variant = variants.get(variant_id)
        if variant is None:
            raise _variant_not_found()
        for ln in lines:
            ln.variant = variants[ln.variant_id]
        line = next((ln for ln in lines if ln.variant_id == variant_id), None)
        new_quantity = quantity + (line.quantity if line else 0)
        _check_quantity(variant, new_quantity)
        if line is None:
            price = quantize(variant.price, require_tenant().default_currency)
            (line,) = insert_rows([CartLine(cart=cart, variant=variant, quantity=new_quantity,
                                            price_at_add=price)])  # fmt: skip
            lines.append(line)
        else:
            line.quantity = new_quantity
            line.save(update_fields=["quantity", "updated_at"])
        Cart.objects.filter(pk=cart.pk).update(updated_at=line.updated_at)
    lines.sort(key=lambda ln: (ln.added_at, ln.id))
    return lines


def _line(cart: Cart, line_id: int) -> CartLine:
    line = (
        CartLine.objects.select_related("variant__product__vendor")
        .filter(cart=cart, id=line_id)
        .first()
    )
    if line is None:
        raise NotFound("No such cart line.", code=CartError.LINE_NOT_FOUND)
    return line


def cart_update_item(*, cart: Cart, line_id: int, quantity: int) -> CartLine:
    line = _line(cart, line_id)
    _check_quantity(line.variant, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity", "updated_at"])
    return line


def cart_remove_item(*, cart: Cart, line_id: int) -> None:
    _line(cart, line_id).delete()


def cart_merge(*, user: Any, token: Any) -> Cart | None:
    """Move an anonymous cart's lines into the user's cart (at sign-in); quantities add up."""
    anonymous = cart_for(token=token) if token else None
    if anonymous is None or user is None or not user.is_authenticated:
        return cart_for(user=user)
    with atomic():
        anonymous = (
            Cart.objects.select_for_update().filter(pk=anonymous.pk, user__isnull=True).first()
        )
        if anonymous is None:
            return cart_for(user=user)
        target = Cart.objects.filter(user=user).first()
        if target is None:
            anonymous.user = user
            anonymous.save(update_fields=["user", "updated_at"])
            return anonymous
        existing = {
            line.variant_id: line for line in target.lines.select_related("variant__product")
        }
        changed: list[CartLine] = []
        added: list[CartLine] = []
        for line in anonymous.lines.select_related("variant__product"):
            limit = max(1, line_limit(line.variant))
            if line.variant_id in existing:
                kept = existing[line.variant_id]
                kept.quantity = min(limit, kept.quantity + line.quantity)
                changed.append(kept)
            else:
                added.append(CartLine(cart=target, variant=line.variant, price_at_add=line.price_at_add,
                                      quantity=min(limit, line.quantity)))  # fmt: skip
        # One statement each, however many lines were carried over.
        now = timezone.now()
        for kept in changed:
            kept.updated_at = now
        CartLine.objects.bulk_update(changed, ["quantity", "updated_at"])
        CartLine.objects.bulk_create(added)
        anonymous.delete()
        return target


def cart_clear(*, cart: Cart) -> None:
    cart_clear_lines(cart_id=cart.pk)


def cart_clear_lines(*, cart_id: int) -> None:
    CartLine.objects.filter(cart_id=cart_id).delete()


def address_create(*, user: Any, data: dict[str, Any]) -> Address:
    cleaned = clean_address(data)
    with atomic():
        address = Address(user=user, label=str(data.get("label") or "")[:60],
                          is_default=bool(data.get("is_default")), **cleaned)  # fmt: skip
        if address.is_default or not Address.objects.filter(user=user).exists():
            Address.objects.filter(user=user).update(is_default=False)
            address.is_default = True
        address.save()
    return address


def address_update(*, address: Address, data: dict[str, Any]) -> Address:
    cleaned = clean_address({**address_values(address), **data})
    with atomic():
        for name, value in cleaned.items():
            setattr(address, name, value)
        if "label" in data:
            address.label = str(data["label"] or "")[:60]
        if data.get("is_default"):
            Address.objects.filter(user=address.user_id).update(is_default=False)
            address.is_default = True
        address.save()
    return address


def address_delete(*, address: Address) -> None:
    address.delete()
