"""A small multilingual catalog for relevance tests (both backends)."""

from decimal import Decimal
from typing import Any

from globalmarket.catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from globalmarket.search.backends import get_backend
from globalmarket.vendors.tests.factories import VendorFactory


def eu_catalog() -> dict[str, Any]:
    """Call inside use_tenant(eu)."""
    electronics = CategoryFactory(
        slug="electronics", name={"en": "Electronics", "nl": "Elektronica", "de": "Elektronik"}
    )
    audio = CategoryFactory(
        slug="audio", parent=electronics, name={"en": "Audio", "nl": "Audio", "de": "Audio"}
    )
    kitchen = CategoryFactory(slug="kitchen", name={"en": "Kitchen", "nl": "Keuken", "de": "Küche"})
    sony = BrandFactory(name="Sony", slug="sony")
    acme = VendorFactory(name="Acme Audio", slug="acme")
    other = VendorFactory(name="Kitchen Co", slug="kitchenco")
    suspended = VendorFactory(name="Gone BV", slug="gone", status="suspended")
    headphones = ProductFactory(
        vendor=acme, category=audio, brand=sony, sku="WH-1000XM5", slug="sony-headphones",
        name={"en": "Wireless headphones", "nl": "Draadloze koptelefoon", "de": "Kabellose Kopfhörer"},
        description={"en": "<p>Noise <b>cancelling</b> over-ear.</p>", "nl": "<p>Ruisonderdrukking.</p>"},
        price=Decimal("299.00"), compare_at_price=Decimal("349.00"), rating_avg=Decimal("4.60"),
        variants=[{"stock": 3, "option_name": "Color", "option_value": "Black"}],
    )  # fmt: skip
    speaker = ProductFactory(
        vendor=acme, category=audio, sku="SPK-1", slug="speaker",
        name={"en": "Bluetooth speaker", "nl": "Bluetooth luidspreker", "de": "Bluetooth Lautsprecher"},
        price=Decimal("49.00"), rating_avg=Decimal("3.20"), variants=[{"stock": 0}],
    )  # fmt: skip
    kettle = ProductFactory(
        vendor=other, category=kitchen, sku="KET-1", slug="kettle",
        name={"en": "Electric kettle", "nl": "Waterkoker", "de": "Wasserkocher"},
        price=Decimal("24.50"), rating_avg=Decimal("4.10"),
    )  # fmt: skip
    hidden = ProductFactory(
        vendor=suspended, category=audio, sku="HID-1", slug="hidden-headphones",
        name={"en": "Cheap headphones", "nl": "Goedkope koptelefoon", "de": "Billige Kopfhörer"},
    )  # fmt: skip
    german_only = ProductFactory(
        vendor=acme, category=audio, sku="DE-1", slug="studio-headphones",
        name={"en": "Studio headphones"}, available_in_countries=["DE"],
    )  # fmt: skip
    draft = ProductFactory(
        vendor=acme, category=audio, sku="DR-1", slug="draft-headphones",
        name={"en": "Draft headphones"}, status="draft",
    )  # fmt: skip
    products = [headphones, speaker, kettle, hidden, german_only, draft]
    get_backend().index_products([p.id for p in products])
    return {
        "headphones": headphones, "speaker": speaker, "kettle": kettle, "hidden": hidden,
        "german_only": german_only, "draft": draft, "electronics": electronics, "audio": audio,
        "kitchen": kitchen, "sony": sony, "acme": acme, "suspended": suspended,
    }  # fmt: skip


def mena_catalog() -> dict[str, Any]:
    """Call inside use_tenant(mena)."""
    phones = CategoryFactory(slug="audio-ar", name={"ar": "صوتيات", "en": "Audio"})
    vendor = VendorFactory(name="Dubai Sound", slug="dubai-sound", country="AE")
    headphones = ProductFactory(
        vendor=vendor, category=phones, sku="AR-1", slug="ar-headphones", currency="AED",
        name={"ar": "سمّاعات رأس لاسلكيّة", "en": "Wireless headphones"},
        description={"ar": "<p>جودة عالية</p>"}, available_in_countries=["AE", "SA"],
        price=Decimal("899.00"),
    )  # fmt: skip
    library = ProductFactory(
        vendor=vendor, category=phones, sku="AR-2", slug="ar-library", currency="AED",
        name={"ar": "مكتبة أطفال", "en": "Kids library"}, available_in_countries=["AE"],
    )  # fmt: skip
    get_backend().index_products([headphones.id, library.id])
    return {"headphones": headphones, "library": library, "category": phones}
