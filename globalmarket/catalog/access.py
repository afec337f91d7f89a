"""Fetch catalog rows for the acting vendor or staff member: "not yours" == "not found"."""

from typing import Any

from globalmarket.core.errors import NotFound
from globalmarket.vendors.models import Vendor

from .errors import CatalogError
from .models import Product, ProductImage, ProductVariant
from .selectors import _with_related


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def product_of_vendor(*, vendor: Vendor, product_id: Any, for_update: bool = False) -> Product:
    qs = Product.objects.filter(vendor=vendor, pk=_id(product_id))
    product = (_with_related(qs) if not for_update else qs.select_related("vendor")).first()
    if product is None:
        raise NotFound("Product not found.", code=CatalogError.PRODUCT_NOT_FOUND)
    return product


def variant_of_vendor(*, vendor: Vendor, product_id: Any, variant_id: Any) -> ProductVariant:
    variant = (
        ProductVariant.objects.filter(vendor=vendor, product_id=_id(product_id), pk=_id(variant_id))
        .select_related("product", "vendor")
        .first()
    )
    if variant is None or variant.product.vendor_id != vendor.pk:
        raise NotFound("Variant not found.", code=CatalogError.VARIANT_NOT_FOUND)
    return variant


def image_of_vendor(*, vendor: Vendor, product_id: Any, image_id: Any) -> ProductImage:
    image = ProductImage.objects.filter(
        product__vendor=vendor, product_id=_id(product_id), pk=_id(image_id)
    ).first()
    if image is None:
        raise NotFound("Image not found.", code=CatalogError.IMAGE_NOT_FOUND)
    return image


def product_for_staff(*, product_id: Any) -> Product:
    product = _with_related(Product.objects.filter(pk=_id(product_id))).first()
    if product is None:
        raise NotFound("Product not found.", code=CatalogError.PRODUCT_NOT_FOUND)
    return product
