"""Product images: decoded with Pillow (JPEG, PNG, WebP only), size-limited, with thumbnails."""

import io
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from globalmarket.tenancy.context import require_tenant
from globalmarket.tenancy.db import atomic, on_commit

from . import audit, inputs
from .cache import catalog_changed
from .errors import CatalogError
from .models import Product, ProductImage

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAILS = {"small": 200, "medium": 600}


def _decode(data: bytes) -> Image.Image:
    """The decoded image, judged by its content (never its name or declared type)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise inputs.invalid(
                    "image", CatalogError.INVALID_IMAGE, "Upload a JPEG, PNG or WebP image."
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except inputs.ApplicationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise inputs.invalid(
            "image", CatalogError.INVALID_IMAGE, "Upload a JPEG, PNG or WebP image."
        ) from exc
    return image


def _thumbnail(image: Image.Image, size: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((size, size))
    if copy.mode not in ("RGB", "RGBA"):
        copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
    out = io.BytesIO()
    copy.save(out, "WEBP", quality=80)
    return out.getvalue()


def image_add(
    *, product: Product, file: Any, alt: Any = None, position: int | None = None, actor: Any = None
) -> ProductImage:
    tenant = require_tenant()
    if file is None:
        raise inputs.invalid("image", "required", "Upload an image file.")
    limit = settings.CATALOG_IMAGE_MAX_BYTES
    if file.size > limit:
        raise inputs.invalid(
            "image",
            CatalogError.IMAGE_TOO_LARGE,
            f"Images may be at most {limit // (1024 * 1024)} MB.",
        )
    alt = inputs.translations(alt, field="alt", tenant=tenant, max_length=300)
    data = file.read()
    image = _decode(data)
    name = f"{uuid.uuid4().hex}.{FORMATS[str(image.format)]}"
    base = f"products/{tenant.id}/{product.pk}"
    thumbs: dict[str, str] = {}
    for label, size in THUMBNAILS.items():
        thumbs[label] = default_storage.save(
            f"{base}/thumbs/{name}-{label}.webp", ContentFile(_thumbnail(image, size))
        )
    if position is None:
        position = product.images.count()
    record = ProductImage(product=product, alt=alt, position=position, thumbnails=thumbs)
    try:
        with atomic():
            record.image.save(name, ContentFile(data), save=False)
            record.width, record.height = image.size
            record.save()
            audit.record(
                actor=actor,
                action="image.add",
                resource=record,
                new={"product": product.pk, "image": record.image.name, "alt": alt},
            )
    except Exception:
        for path in [record.image.name, *thumbs.values()]:
            default_storage.delete(path)
        raise
    catalog_changed()
    return record


def image_update(
    *, image: ProductImage, alt: Any = None, position: Any = None, actor: Any = None
) -> ProductImage:
    tenant = require_tenant()
    before = {"alt": image.alt, "position": image.position}
    if alt is not None:
        image.alt = inputs.translations(alt, field="alt", tenant=tenant, max_length=300)
    if position is not None:
        image.position = inputs.whole_number(position, field="position", maximum=1000)
    with atomic():
        image.save(update_fields=["alt", "position"])
        audit.record(
            actor=actor,
            action="image.update",
            resource=image,
            old=before,
            new={"alt": image.alt, "position": image.position},
        )
    catalog_changed()
    return image


def image_files_delete_on_commit(images: list[ProductImage]) -> None:
    paths = [p for img in images for p in [img.image.name, *img.thumbnails.values()] if p]

    def delete() -> None:
        for path in paths:
            default_storage.delete(path)

    on_commit(delete)


def image_delete(*, image: ProductImage, actor: Any = None) -> None:
    image_id = image.pk
    with atomic():
        image_files_delete_on_commit([image])
        image.delete()
        audit.record(
            actor=actor,
            action="image.delete",
            resource=None,
            resource_id=image_id,
            old={"product": image.product_id, "image": image.image.name},
        )
    catalog_changed()
