"""Demo catalog per region: categories, brands, 200+ translated products with variants and images.

Runs after the vendors seeder (which owns the demo vendors); until that lands, missing
vendors are created here by slug. Idempotent: existing categories, brands and products
(matched by slug / SKU) are left alone. Images are drawn locally with Pillow.
"""

import io
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from globalmarket.core.money import quantize
from globalmarket.tenancy.models import Tenant
from globalmarket.vendors.models import Vendor

from . import demo_words as words
from .models import Brand, Category, Product, ProductImage, ProductVariant

PRODUCTS_PER_REGION = 220
SEED_PRODUCT = Path(__file__).parent / "fixtures" / "seed_product.jsonc"

FALLBACK_VENDORS: dict[str, list[dict[str, Any]]] = {
    "eu": [
        {"slug": "audiotech", "name": "AudioTech", "country": "NL", "city": "Amsterdam"},
        {
            "slug": "berliner-kuchenwerk",
            "name": "Berliner Küchenwerk",
            "country": "DE",
            "city": "Berlin",
        },
        {"slug": "maison-lumiere", "name": "Maison Lumière", "country": "FR", "city": "Lyon"},
    ],
    "mena": [
        {
            "slug": "dubai-electronics",
            "name": "Dubai Electronics",
            "country": "AE",
            "city": "Dubai",
        },
        {"slug": "riyadh-home", "name": "Riyadh Home", "country": "SA", "city": "Riyadh"},
        {"slug": "cairo-crafts", "name": "Cairo Crafts", "country": "EG", "city": "Cairo"},
    ],
}
BRANDS = {
    "eu": ["AudioTech", "Lumina", "Nordhaus", "VeloSport", "Casa Bella", "Greenleaf"],
    "mena": ["Falcon", "Oasis", "Sahara Tech", "Noor", "Atlas", "Zayn"],
}
PALETTE = [
    (37, 99, 235),
    (220, 38, 38),
    (5, 150, 105),
    (217, 119, 6),
    (124, 58, 237),
    (15, 118, 110),
]


def _vendor_slugs(tenant: Tenant) -> list[str]:
    try:
        from globalmarket.vendors import demo as vendors_demo  # type: ignore[attr-defined]

        slugs: Any = getattr(vendors_demo, "DEMO_VENDOR_SLUGS", None)
    except ImportError:
        slugs = None
    if isinstance(slugs, dict):
        slugs = slugs.get(tenant.slug)
    return list(slugs or [v["slug"] for v in FALLBACK_VENDORS.get(tenant.slug, [])])


def _vendors(tenant: Tenant) -> list[Vendor]:
    slugs = _vendor_slugs(tenant)
    existing = {v.slug: v for v in Vendor.objects.filter(slug__in=slugs)}
    for spec in FALLBACK_VENDORS.get(tenant.slug, []):
        if spec["slug"] in slugs and spec["slug"] not in existing:
            existing[spec["slug"]] = Vendor.objects.create(
                slug=spec["slug"],
                name=spec["name"],
                status=Vendor.Status.APPROVED,
                country=spec["country"],
                approved_at=timezone.now(),
                address={
                    "street": "Demo Street 1",
                    "city": spec["city"],
                    "postal_code": "1000",
                    "country": spec["country"],
                },
                contact_email=f"{spec['slug']}@demo.globalmarket.test",
            )
    vendors = [existing[s] for s in slugs if s in existing]
    return [v for v in vendors if v.status == Vendor.Status.APPROVED] or vendors


def _categories(tenant: Tenant) -> dict[str, Category]:
    by_slug = {c.slug: c for c in Category.objects.all()}
    for position, (slug, parent_slug, names) in enumerate(words.CATEGORIES):
        if slug in by_slug:
            continue
        name = {lang: names[lang] for lang in tenant.languages if lang in names}
        slugs = {lang: slugify(text, allow_unicode=True) for lang, text in name.items()}
        parent = by_slug.get(parent_slug) if parent_slug else None
        category = Category.objects.create(
            slug=slug, name=name, slugs=slugs, parent=parent, position=position
        )
        category.path = f"{parent.path if parent else '/'}{category.pk}/"
        category.save(update_fields=["path"])
        by_slug[slug] = category
    return by_slug


def _brands(tenant: Tenant) -> list[Brand]:
    names = BRANDS.get(tenant.slug, BRANDS["eu"])
    existing = {b.slug: b for b in Brand.objects.filter(slug__in=[slugify(n) for n in names])}
    missing = [Brand(name=n, slug=slugify(n)) for n in names if slugify(n) not in existing]
    Brand.objects.bulk_create(missing)
    return list(Brand.objects.filter(slug__in=[slugify(n) for n in names]).order_by("name"))


def _image(text: str, color: tuple[int, int, int], size: int) -> bytes:
    image = Image.new("RGB", (size, size), color)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 3)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((size - box[2] + box[0]) / 2, (size - box[3] + box[1]) / 2 - box[1]),
        text,
        fill=(255, 255, 255),
        font=font,
    )
    out = io.BytesIO()
    image.save(out, "JPEG" if size > 300 else "WEBP", quality=80)
    return out.getvalue()


def _save(path: str, data: bytes) -> str:
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return path


def _shipping(tenant: Tenant, rng: random.Random) -> dict[str, dict[str, Any]]:
    out = {}
    for index, country in enumerate(tenant.countries):
        cost = Decimal(0) if index == 0 else Decimal(rng.choice(["4.95", "5.99", "7.50", "9.90"]))
        out[country] = {
            "shipping_cost": str(quantize(cost, tenant.default_currency)),
            "delivery_days_min": 1 + index,
            "delivery_days_max": 3 + index,
        }
    return out


def _specs(tenant: Tenant) -> list[dict[str, Any]]:
    """Deterministic product specs: (category, noun, line) combinations in a fixed order."""
    specs: list[dict[str, Any]] = []
    for line_index, line in enumerate(words.LINES):
        for leaf_index, (leaf, nouns) in enumerate(words.NOUNS.items()):
            for noun_index, noun in enumerate(nouns):
                specs.append(
                    {
                        "leaf": leaf,
                        "noun": noun,
                        "line": line,
                        "n": len(specs),
                        "code": f"{leaf[:4].upper()}{leaf_index:02d}-{noun_index}{line_index}",
                    }
                )
    return specs[:PRODUCTS_PER_REGION]


def seed(tenant: Tenant, *, stdout: Any) -> None:
    vendors = _vendors(tenant)
    if not vendors:
        stdout.write("  catalog: no demo vendors, skipped")
        return
    categories = _categories(tenant)
    brands = _brands(tenant)
    currency = tenant.default_currency
    languages = tenant.languages
    rng = random.Random(f"catalog-{tenant.slug}")
    existing = set(Product.objects.filter(vendor__in=vendors).values_list("vendor_id", "sku"))
    now = timezone.now()
    products: list[Product] = []
    plans: list[tuple[Product, dict[str, Any]]] = []
    for spec in _specs(tenant):
        vendor = vendors[spec["n"] % len(vendors)]
        brand = brands[spec["n"] % len(brands)]
        sku = f"DEMO-{spec['code']}"
        price = quantize(Decimal(rng.randrange(499, 49999)) / 100, currency)
        if (vendor.pk, sku) in existing:
            continue
        name = {
            lang: f"{spec['noun'].get(lang, spec['noun']['en'])} {spec['line'].get(lang, spec['line']['en'])}"
            for lang in languages
        }
        on_sale = spec["n"] % 4 == 0
        product = Product(
            vendor=vendor,
            category=categories[spec["leaf"]],
            brand=brand,
            sku=sku,
            slug=f"{slugify(name['en'])}-{tenant.slug}-{spec['n']}",
            name=name,
            description={
                lang: words.DESCRIPTION[lang].format(name=name[lang], brand=brand.name)
                for lang in languages
            },
            attributes={
                "material": rng.choice(["aluminium", "cotton", "wood", "steel", "recycled plastic"])
            },
            price=price,
            compare_at_price=quantize(price * Decimal("1.25"), currency) if on_sale else None,
            cost_price=quantize(price * Decimal("0.55"), currency),
            currency=currency,
            seo={
                lang: {
                    "meta_title": f"{name[lang]} | GlobalMarket",
                    "meta_description": name[lang],
                    "keywords": [],
                }
                for lang in languages
            },
            available_in_countries=list(tenant.countries)
            if spec["n"] % 5
            else list(tenant.countries[:2]),
            shipping_info=_shipping(tenant, rng),
            views=rng.randrange(50, 5000),
            sales_count=rng.randrange(0, 200),
            rating_avg=Decimal(rng.randrange(300, 500)) / 100,
            rating_count=rng.randrange(0, 400),
            status=Product.Status.PUBLISHED,
            is_featured=spec["n"] % 10 == 0,
            published_at=now - timedelta(hours=spec["n"]),
        )
        product.revenue = product.price * product.sales_count
        products.append(product)
        plans.append((product, spec))
    Product.objects.bulk_create(products)
    variants: list[ProductVariant] = []
    images: list[ProductImage] = []
    for product, spec in plans:
        variants.extend(_variants(product, spec, languages, rng))
        images.append(_product_image(tenant, product, spec, languages))
    ProductVariant.objects.bulk_create(variants)
    ProductImage.objects.bulk_create(images)
    created_seed = _seed_product(tenant)
    from .cache import catalog_changed

    catalog_changed()
    stdout.write(
        f"  catalog: {len(products)} new products ({Product.objects.count()} in total), "
        f"{len(categories)} categories, {len(brands)} brands"
        + (", seed product premium-wireless-headphones" if created_seed else "")
    )


def _variants(
    product: Product, spec: dict[str, Any], languages: list[str], rng: random.Random
) -> list[ProductVariant]:
    leaf = spec["leaf"]
    if leaf.startswith("electronics"):
        options = [
            (
                {lg: words.COLOR_NAME[lg] for lg in languages},
                {lg: c[lg] for lg in languages},
                c["en"],
            )
            for c in words.COLORS[:2]
        ]
    elif leaf.startswith("fashion"):
        options = [
            ({lg: words.SIZE_NAME[lg] for lg in languages}, {lg: s for lg in languages}, s)
            for s in words.SIZES
        ]
    else:
        return [
            ProductVariant(
                product=product,
                vendor=product.vendor,
                sku=product.sku,
                stock=rng.randrange(0, 60) if spec["n"] % 9 else 0,
            )
        ]
    out = []
    for position, (names, values, code) in enumerate(options):
        out.append(
            ProductVariant(
                product=product,
                vendor=product.vendor,
                sku=f"{product.sku}-{code[:3].upper()}",
                option_name=names["en"] if "en" in names else next(iter(names.values())),
                option_value=values.get("en", code),
                translations={lg: {"name": names[lg], "value": values[lg]} for lg in languages},
                price_modifier=Decimal(position * 5),
                stock=rng.randrange(0, 80),
                position=position,
            )
        )
    return out


def _product_image(
    tenant: Tenant, product: Product, spec: dict[str, Any], languages: list[str]
) -> ProductImage:
    initials = "".join(
        word[0] for word in product.name["en" if "en" in product.name else languages[0]].split()[:2]
    ).upper()
    color = PALETTE[spec["n"] % len(PALETTE)]
    base = f"products/{tenant.id}/demo/{product.sku.lower()}"
    image = _save(f"{base}.jpg", _image(initials, color, 480))
    thumbs = {
        "small": _save(f"{base}-small.webp", _image(initials, color, 200)),
        "medium": _save(f"{base}-medium.webp", _image(initials, color, 300)),
    }
    return ProductImage(
        product=product,
        image=image,
        width=480,
        height=480,
        thumbnails=thumbs,
        alt={lang: product.name[lang] for lang in languages},
        position=0,
    )


def _seed_product(tenant: Tenant) -> bool:
    """The seed document's product (section 4.2) in Europe, sold by audiotech."""
    if tenant.slug != "eu" or Product.objects.filter(slug="premium-wireless-headphones").exists():
        return False
    vendor = Vendor.objects.filter(slug="audiotech").first()
    if vendor is None:
        return False
    from .imports import seed_json

    seed_json.import_documents(vendor=vendor, documents=seed_json.parse(SEED_PRODUCT.read_bytes()))
    product = Product.objects.get(slug="premium-wireless-headphones")
    color = PALETTE[0]
    base = f"products/{tenant.id}/demo/hdph-wl-001"
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product=product,
                image=_save(f"{base}-{n}.jpg", _image(text, color, 480)),
                width=480,
                height=480,
                position=n,
                thumbnails={
                    "small": _save(f"{base}-{n}-small.webp", _image(text, color, 200)),
                    "medium": _save(f"{base}-{n}-medium.webp", _image(text, color, 300)),
                },
                alt={"en": alt},
            )
            for n, (text, alt) in enumerate([("PW", "Front view"), ("PW·2", "Side view")], start=1)
        ]
    )
    return True
