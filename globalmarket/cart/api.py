"""Cart and address endpoints. Anonymous shoppers carry their cart in the X-Cart-Token header."""

import uuid
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.catalog.i18n import translated
from globalmarket.core.errors import NotFound
from globalmarket.core.money import quantize
from globalmarket.core.schema import component_names
from globalmarket.tenancy.context import require_tenant

from . import services
from .addresses import FIELDS as ADDRESS_FIELDS
from .errors import CartError
from .models import Address, Cart, CartLine
from .selectors import (
    addresses_of,
    cart_for,
    cart_lines,
    describe_line,
    max_line_quantity,
    variant_label,
)

TOKEN_HEADER = "X-Cart-Token"
TOKEN_PARAM = OpenApiParameter(TOKEN_HEADER, str, OpenApiParameter.HEADER, required=False,
                               description="Anonymous cart token, returned when the cart is created")  # fmt: skip


def request_token(request: Request) -> uuid.UUID | None:
    raw = request.headers.get(TOKEN_HEADER, "")
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def render_cart(cart: Cart | None, lines: list[CartLine] | None = None) -> dict[str, Any]:
    """The cart priced now; `lines` (with variant, product, vendor) if the caller has them."""
    currency = require_tenant().default_currency
    if lines is None:
        lines = list(cart_lines(cart)) if cart is not None else []
    groups: OrderedDict[int, dict[str, Any]] = OrderedDict()
    subtotal = Decimal(0)
    count = 0
    has_issues = False
    for line in lines:
        view = describe_line(line)
        vendor = line.variant.product.vendor
        group = groups.setdefault(vendor.id, {"vendor": {"slug": vendor.slug, "name": vendor.name},
                                              "lines": [], "subtotal": Decimal(0)})  # fmt: skip
        product = line.variant.product
        group["lines"].append({
            "id": line.id, "variant": line.variant_id, "sku": line.variant.sku,
            "product": {"slug": product.slug, "name": translated(product.name)},
            "variant_label": variant_label(line.variant), "quantity": line.quantity,
            "max_quantity": view.max_quantity, "unit_price": str(view.unit_price),
            "price_at_add": str(quantize(line.price_at_add, currency)),
            "line_total": str(quantize(view.total, currency)), "available": view.available,
            "issues": view.issues,
        })  # fmt: skip
        if view.available:
            group["subtotal"] += view.total
            subtotal += view.total
            count += line.quantity
        has_issues = has_issues or bool(view.issues)
    return {
        "token": str(cart.token) if cart is not None and cart.user_id is None else None,
        "currency": currency,
        "vendors": [
            {**g, "subtotal": str(quantize(g["subtotal"], currency))} for g in groups.values()
        ],
        "subtotal": str(quantize(subtotal, currency)),
        "item_count": count,
        "has_issues": has_issues,
        "max_line_quantity": max_line_quantity(),
    }


def _cart_response(
    cart: Cart | None, status: int = 200, lines: list[CartLine] | None = None
) -> Response:
    headers = {TOKEN_HEADER: str(cart.token)} if cart is not None and cart.user_id is None else {}
    return Response(render_cart(cart, lines), status=status, headers=headers)


def _current_cart(request: Request) -> Cart:
    cart = cart_for(user=request.user, token=request_token(request))
    if cart is None:
        raise NotFound("No cart.", code=CartError.CART_NOT_FOUND)
    return cart


class CartDetailApi(APIView):
    permission_classes: list[Any] = []

    @extend_schema(parameters=[TOKEN_PARAM], responses={200: dict}, tags=["cart"])
    def get(self, request: Request) -> Response:
        return _cart_response(cart_for(user=request.user, token=request_token(request)))


def _quantity() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=10_000)


class CartItemAddApi(APIView):
    permission_classes: list[Any] = []

    class Input(serializers.Serializer):
        variant = serializers.IntegerField(min_value=1, max_value=2**62)
        quantity = _quantity()

    @extend_schema(parameters=[TOKEN_PARAM], request=Input, responses={201: dict}, tags=["cart"])
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        variant_id, quantity = data.validated_data["variant"], data.validated_data["quantity"]
        cart = cart_for(user=request.user, token=request_token(request))
        if cart is None:
            # Validate before creating a cart, so bad input writes nothing.
            services.validate_new_item(variant_id=variant_id, quantity=quantity)
            cart = services.cart_get_or_create(user=request.user, token=None)
        lines = services.cart_add(cart=cart, variant_id=variant_id, quantity=quantity)
        return _cart_response(cart, status=201, lines=lines)


class CartItemApi(APIView):
    permission_classes: list[Any] = []

    class Input(serializers.Serializer):
        quantity = _quantity()

    @extend_schema(parameters=[TOKEN_PARAM], request=Input, responses={200: dict}, tags=["cart"])
    def patch(self, request: Request, line_id: int) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        cart = _current_cart(request)
        services.cart_update_item(
            cart=cart, line_id=line_id, quantity=data.validated_data["quantity"]
        )
        return _cart_response(cart)

    @extend_schema(parameters=[TOKEN_PARAM], responses={200: dict}, tags=["cart"])
    def delete(self, request: Request, line_id: int) -> Response:
        cart = _current_cart(request)
        services.cart_remove_item(cart=cart, line_id=line_id)
        return _cart_response(cart)


class CartAddressOutput(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "label", *ADDRESS_FIELDS, "is_default"]


class CartAddressInput(serializers.Serializer):
    label = serializers.CharField(max_length=60, required=False, allow_blank=True)  # type: ignore[assignment]
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    company = serializers.CharField(max_length=150, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    house_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    street2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    state = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    is_default = serializers.BooleanField(required=False)


def _address(request: Request, address_id: int) -> Address:
    address = addresses_of(request.user).filter(id=address_id).first()
    if address is None:
        raise NotFound("No such address.", code=CartError.ADDRESS_NOT_FOUND)
    return address


class AddressListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: CartAddressOutput(many=True)}, tags=["addresses"])
    def get(self, request: Request) -> Response:
        return Response(CartAddressOutput(addresses_of(request.user), many=True).data)

    @extend_schema(request=CartAddressInput, responses={201: CartAddressOutput}, tags=["addresses"])
    def post(self, request: Request) -> Response:
        data = CartAddressInput(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_create(user=request.user, data=data.validated_data)
        return Response(CartAddressOutput(address).data, status=201)


class AddressDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: CartAddressOutput}, tags=["addresses"])
    def get(self, request: Request, address_id: int) -> Response:
        return Response(CartAddressOutput(_address(request, address_id)).data)

    @extend_schema(request=CartAddressInput, responses={200: CartAddressOutput}, tags=["addresses"])
    def patch(self, request: Request, address_id: int) -> Response:
        data = CartAddressInput(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_update(
            address=_address(request, address_id), data=data.validated_data
        )
        return Response(CartAddressOutput(address).data)

    @extend_schema(responses={204: None}, tags=["addresses"])
    def delete(self, request: Request, address_id: int) -> Response:
        services.address_delete(address=_address(request, address_id))
        return Response(status=204)


component_names(CartItemAddApi, CartItemApi)
