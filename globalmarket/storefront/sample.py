"""A small, realistic shop for page tests, browser tests and the page benchmark.

Call inside `use_tenant(tenant)`. Europe gets Dutch/German/French names, MENA Arabic.
Images are drawn with Pillow (no files are downloaded).
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from globalmarket.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from globalmarket.tenancy.context import require_tenant
from globalmarket.vendors.models import Vendor

NAMES = {
    "electronics": {
        "en": "Electronics",
        "nl": "Elektronica",
        "de": "Elektronik",
        "fr": "Électronique",
        "ar": "إلكترونيات",
    },
    "headphones": {
        "en": "Headphones",
        "nl": "Koptelefoons",
        "de": "Kopfhörer",
        "fr": "Casques",
        "ar": "سماعات",
    },
    "home": {
        "en": "Home & kitchen",
        "nl": "Huis & keuken",
        "de": "Haus & Küche",
        "fr": "Maison & cuisine",
        "ar": "المنزل والمطبخ",
    },
    "fashion": {"en": "Fashion", "nl": "Mode", "de": "Mode", "fr": "Mode", "ar": "أزياء"},
}
PRODUCTS: list[dict[str, Any]] = [
    {
        "slug": "wireless-headphones",
        "cat": "headphones",
        "vendor": 0,
        "price": "129.00",
        "compare": "159.00",
        "featured": True,
        "name": {
            "en": "Wireless headphones",
            "nl": "Draadloze koptelefoon",
            "de": "Kabellose Kopfhörer",
            "fr": "Casque sans fil",
            "ar": "سماعات لاسلكية",
        },
        "variants": [("Color", "Black", 25), ("Color", "White", 3), ("Color", "Blue", 0)],
        "color": (30, 60, 120),
    },
    {
        "slug": "studio-monitor-headphones",
        "cat": "headphones",
        "vendor": 0,
        "price": "89.95",
        "featured": True,
        "name": {
            "en": "Studio monitor headphones",
            "nl": "Studio-koptelefoon",
            "de": "Studio-Kopfhörer",
            "fr": "Casque de studio",
            "ar": "سماعات استوديو",
        },
        "variants": [("", "", 12)],
        "color": (90, 40, 40),
    },
    {
        "slug": "smart-speaker",
        "cat": "electronics",
        "vendor": 1,
        "price": "59.00",
        "compare": "79.00",
        "name": {
            "en": "Smart speaker",
            "nl": "Slimme speaker",
            "de": "Intelligenter Lautsprecher",
            "fr": "Enceinte connectée",
            "ar": "مكبر صوت ذكي",
        },
        "variants": [("", "", 40)],
        "color": (20, 110, 80),
    },
    {
        "slug": "espresso-machine",
        "cat": "home",
        "vendor": 1,
        "price": "249.00",
        "featured": True,
        "name": {
            "en": "Espresso machine",
            "nl": "Espressomachine",
            "de": "Espressomaschine",
            "fr": "Machine à espresso",
            "ar": "آلة إسبريسو",
        },
        "variants": [("", "", 8)],
        "color": (120, 80, 30),
    },
    {
        "slug": "linen-shirt",
        "cat": "fashion",
        "vendor": 1,
        "price": "45.00",
        "name": {
            "en": "Linen shirt",
            "nl": "Linnen overhemd",
            "de": "Leinenhemd",
            "fr": "Chemise en lin",
            "ar": "قميص كتان",
        },
        "variants": [("Size", "S", 5), ("Size", "M", 9), ("Size", "L", 0)],
        "color": (160, 150, 120),
    },
]


OPTION_NAMES = {
    "Color": {"en": "Color", "nl": "Kleur", "de": "Farbe", "fr": "Couleur", "ar": "اللون"},
    "Size": {"en": "Size", "nl": "Maat", "de": "Größe", "fr": "Taille", "ar": "المقاس"},
}
OPTION_VALUES = {
    "Black": {"nl": "Zwart", "de": "Schwarz", "fr": "Noir", "ar": "أسود"},
    "White": {"nl": "Wit", "de": "Weiß", "fr": "Blanc", "ar": "أبيض"},
    "Blue": {"nl": "Blauw", "de": "Blau", "fr": "Bleu", "ar": "أزرق"},
}
OPTION_TRANSLATIONS = {
    (name, value): {
        lang: {"name": label, "value": OPTION_VALUES.get(value, {}).get(lang, value)}
        for lang, label in labels.items()
    }
    for name, labels in OPTION_NAMES.items()
    for value in ("Black", "White", "Blue", "S", "M", "L")
}


@dataclass
class Shop:
    vendors: list[Vendor] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)


def _image(color: tuple[int, int, int], label: str) -> ContentFile:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 600), color)
    draw = ImageDraw.Draw(img)
    draw.ellipse((150, 150, 450, 450), outline=(255, 255, 255), width=18)
    draw.text((40, 40), label[:30], fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"{label}.jpg")


def build_shop(*, extra_products: int = 0, images: bool = True) -> Shop:
    tenant = require_tenant()
    currency = tenant.default_currency
    countries = list(tenant.countries)
    shop = Shop()
    for index, (name, slug) in enumerate(
        [("Klankwerk Audio", "klankwerk"), ("Casa Bella", "casa-bella")]
    ):
        rates = {
            c: {
                "cost": "4.95" if index else "0.00",
                "delivery_days_min": 1 + index,
                "delivery_days_max": 3 + index,
            }
            for c in countries
        }
        shop.vendors.append(
            Vendor.objects.create(
                name=name,
                slug=slug,
                status=Vendor.Status.APPROVED,
                country=countries[0],
                address={
                    "street": "Main street 1",
                    "city": "Capital",
                    "postal_code": "1000",
                    "country": countries[0],
                },
                contact_email=f"hello@{slug}.example",
                shipping_rates=rates,
                free_shipping_over=Decimal("100"),
                approved_at=timezone.now(),
            )
        )
    for position, (slug, names) in enumerate(NAMES.items()):
        parent = shop.categories.get("electronics") if slug == "headphones" else None
        category = Category.objects.create(slug=slug, name=names, parent=parent, position=position)
        category.path = f"{parent.path if parent else '/'}{category.pk}/"
        category.save(update_fields=["path"])
        shop.categories[slug] = category
    brand = Brand.objects.create(name="Nordlicht", slug="nordlicht")
    specs = list(PRODUCTS)
    for n in range(extra_products):
        specs.append(
            {
                "slug": f"gadget-{n}",
                "cat": "electronics",
                "vendor": n % 2,
                "price": f"{10 + n % 90}.50",
                "name": {"en": f"Gadget {n}", "nl": f"Gadget {n}", "ar": f"أداة {n}"},
                "variants": [("", "", 10)],
                "color": (40, 40 + n % 150, 90),
            }
        )
    now = timezone.now()
    for order, spec in enumerate(specs):
        vendor = shop.vendors[spec["vendor"]]
        product = Product.objects.create(
            vendor=vendor,
            category=shop.categories[spec["cat"]],
            brand=brand if spec["vendor"] == 0 else None,
            sku=spec["slug"].upper()[:60],
            slug=spec["slug"],
            name=spec["name"],
            description={
                lang: f"<p><strong>{text}</strong></p>" for lang, text in spec["name"].items()
            },
            attributes={"material": "aluminium"}
            if spec["cat"] != "fashion"
            else {"material": "linen"},
            price=Decimal(spec["price"]),
            compare_at_price=Decimal(spec["compare"]) if spec.get("compare") else None,
            currency=currency,
            available_in_countries=countries,
            status=Product.Status.PUBLISHED,
            is_featured=spec.get("featured", False),
            published_at=now - timedelta(minutes=order),
            rating_avg=Decimal("4.40"),
            rating_count=12 + order,
        )
        for position, (option, value, stock) in enumerate(spec["variants"]):
            ProductVariant.objects.create(
                product=product,
                vendor=vendor,
                sku=f"{product.sku}-{position}",
                option_name=option,
                option_value=value,
                translations=OPTION_TRANSLATIONS.get((option, value), {}),
                stock=stock,
                position=position,
            )
        if images and order < len(PRODUCTS):
            ProductImage.objects.create(
                product=product,
                image=_image(spec["color"], spec["slug"]),
                alt={k: v for k, v in spec["name"].items()},
            )
        shop.products[spec["slug"]] = product
    return shop
