"""Demo vendors per region: three approved shops with shipping tables and one pending application.

Idempotent: vendors are matched by slug and refreshed, memberships by (vendor, user), and the
status history is written only when a vendor is first created. The catalog demo seeder puts
its products on the slugs in DEMO_VENDOR_SLUGS.
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from globalmarket.accounts.demo import DEMO_PASSWORD
from globalmarket.accounts.models import User
from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.db import atomic
from globalmarket.tenancy.models import Tenant

from . import crypto
from .models import Vendor, VendorMember, VendorStatusEvent
from .validation import validate_iban, validate_vat_number

DEMO_VENDOR_EMAIL = "vendor@demo.globalmarket.test"


def _rates(table: dict[str, tuple[str, int, int]]) -> dict[str, dict[str, Any]]:
    return {country: {"cost": cost, "delivery_days_min": low, "delivery_days_max": high}
            for country, (cost, low, high) in table.items()}  # fmt: skip


_EU_RATES = {"NL": ("4.95", 1, 2), "BE": ("5.95", 1, 3), "DE": ("6.95", 2, 4), "FR": ("7.95", 2, 5)}

DEMO_VENDORS: dict[str, list[dict[str, Any]]] = {
    "eu": [
        {"slug": "audiotech", "name": "AudioTech B.V.", "legal_form": "B.V.", "country": "NL",
         "vat_number": "NL820646660B01", "iban": "NL67INGB0006543210", "bic": "INGBNL2A",
         "owner": DEMO_VENDOR_EMAIL, "phone": "+31201234567",
         "address": {"street": "Herengracht 182", "city": "Amsterdam", "postal_code": "1016 BR"},
         "description": {"en": "Headphones, speakers and hi-fi from Amsterdam.",
                         "nl": "Koptelefoons, speakers en hifi uit Amsterdam.",
                         "de": "Kopfhörer, Lautsprecher und HiFi aus Amsterdam.",
                         "fr": "Casques, enceintes et hi-fi d'Amsterdam."},
         "rates": _EU_RATES, "free_over": "50.00"},
        {"slug": "berliner-kuchenwerk", "name": "Berliner Küchenwerk GmbH", "legal_form": "GmbH",
         "country": "DE", "vat_number": "DE811569869", "iban": "DE65100700000123456789",
         "bic": "DEUTDEBBXXX", "owner": "kuechenwerk@demo.globalmarket.test", "phone": "+493012345678",
         "address": {"street": "Oranienstraße 25", "city": "Berlin", "postal_code": "10999"},
         "description": {"en": "Kitchen tools and cookware made to last.",
                         "nl": "Keukengerei en kookgerei dat lang meegaat.",
                         "de": "Küchenwerkzeug und Kochgeschirr für die Ewigkeit.",
                         "fr": "Ustensiles et batteries de cuisine durables."},
         "rates": {**_EU_RATES, "DE": ("3.95", 1, 2), "NL": ("6.95", 2, 4)}, "free_over": "75.00"},
        {"slug": "maison-lumiere", "name": "Maison Lumière SAS", "legal_form": "SAS",
         "country": "FR", "vat_number": "FR82542065479", "iban": "FR7630003000100002038401352",
         "bic": "SOGEFRPP", "owner": "lumiere@demo.globalmarket.test", "phone": "+33142681234",
         "address": {"street": "12 Rue de Rivoli", "city": "Paris", "postal_code": "75004"},
         "description": {"en": "Lamps and home decoration designed in Paris.",
                         "nl": "Lampen en woondecoratie, ontworpen in Parijs.",
                         "de": "Leuchten und Wohnaccessoires aus Paris.",
                         "fr": "Luminaires et décoration conçus à Paris."},
         "rates": {**_EU_RATES, "FR": ("4.50", 1, 3)}, "free_over": "100.00"},
    ],
    "mena": [
        {"slug": "dubai-electronics", "name": "Dubai Electronics LLC", "legal_form": "LLC",
         "country": "AE", "vat_number": "100123456700003", "iban": "AE070331234567890123456",
         "bic": "", "owner": DEMO_VENDOR_EMAIL, "phone": "+97143123456",
         "address": {"street": "Sheikh Zayed Road, Tower 2", "city": "Dubai", "postal_code": ""},
         "description": {"ar": "إلكترونيات وسماعات وأجهزة ذكية من دبي.",
                         "en": "Electronics, headphones and smart devices from Dubai."},
         "rates": {"AE": ("15.00", 1, 2), "SA": ("35.00", 3, 5), "EG": ("45.00", 4, 7)},
         "free_over": "200.00"},
        {"slug": "riyadh-home", "name": "Riyadh Home Co.", "legal_form": "LLC", "country": "SA",
         "vat_number": "300012345600003", "iban": "SA0380000000608010167519", "bic": "",
         "owner": "riyadhhome@demo.globalmarket.test", "phone": "+966112345678",
         "address": {"street": "King Fahd Road 7788", "city": "Riyadh", "postal_code": "12211"},
         "description": {"ar": "أثاث ومفروشات منزلية من الرياض.",
                         "en": "Furniture and home furnishings from Riyadh."},
         "rates": {"SA": ("20.00", 1, 3), "AE": ("35.00", 3, 5), "EG": ("50.00", 5, 8)},
         "free_over": "300.00"},
        {"slug": "cairo-crafts", "name": "Cairo Crafts", "legal_form": "Sole proprietorship",
         "country": "EG", "vat_number": "100531385", "iban": "EG380019000500000000263180002",
         "bic": "", "owner": "cairocrafts@demo.globalmarket.test", "phone": "+20223456789",
         "address": {"street": "Khan el-Khalili 14", "city": "Cairo", "postal_code": "11511"},
         "description": {"ar": "حرف يدوية مصرية: نحاس وزجاج وأقمشة.",
                         "en": "Egyptian handicrafts: brass, glass and textiles."},
         "rates": {"EG": ("25.00", 2, 4), "AE": ("45.00", 4, 7), "SA": ("45.00", 4, 7)},
         "free_over": "250.00"},
    ],
}  # fmt: skip

PENDING_VENDORS: dict[str, dict[str, Any]] = {
    "eu": {"slug": "brussels-bikes", "name": "Brussels Bikes BV", "legal_form": "BV",
           "country": "BE", "vat_number": "BE0417497106", "iban": "BE35310123456737", "bic": "",
           "owner": "brusselsbikes@demo.globalmarket.test", "phone": "+3225123456",
           "address": {"street": "Rue Neuve 30", "city": "Brussels", "postal_code": "1000"},
           "description": {"en": "City bikes and accessories."}, "rates": {}, "free_over": None},
    "mena": {"slug": "jeddah-fashion", "name": "Jeddah Fashion House", "legal_form": "LLC",
             "country": "SA", "vat_number": "310122393500003", "iban": "", "bic": "",
             "owner": "jeddahfashion@demo.globalmarket.test", "phone": "+966126543210",
             "address": {"street": "Tahlia Street 101", "city": "Jeddah", "postal_code": "23434"},
             "description": {"en": "Modest fashion and abayas."}, "rates": {}, "free_over": None},
}  # fmt: skip

DEMO_VENDOR_SLUGS: dict[str, list[str]] = {
    region: [spec["slug"] for spec in specs] for region, specs in DEMO_VENDORS.items()
}


def _owner(email: str, tenant: Tenant) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=email.split("@")[0].title(),
                    preferred_language=tenant.default_language)  # fmt: skip
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _upsert(spec: dict[str, Any], status: str, tenant: Tenant) -> tuple[Vendor, bool]:
    values: dict[str, Any] = {
        "name": spec["name"], "legal_form": spec["legal_form"], "country": spec["country"],
        "vat_number": validate_vat_number(spec["country"], spec["vat_number"]),
        "address": {**spec["address"], "state": "", "country": spec["country"]},
        "contact_email": spec["owner"], "contact_phone": spec["phone"],
        "description": spec["description"], "shipping_rates": _rates(spec["rates"]),
        "free_shipping_over": Decimal(spec["free_over"]) if spec["free_over"] else None,
        "status": status, "bic": spec["bic"], "account_holder": spec["name"],
    }  # fmt: skip
    if spec["iban"]:
        iban = validate_iban(spec["iban"])
        values.update(payout_method=Vendor.PayoutMethod.BANK_TRANSFER,
                      iban_hash=crypto.lookup_hash(iban.compact), iban_last4=iban.last4,
                      iban_country=iban.country)  # fmt: skip
    else:
        values.update(payout_method=Vendor.PayoutMethod.PAYPAL, paypal_email=spec["owner"])
    vendor = Vendor.objects.filter(slug=spec["slug"]).first()
    created = vendor is None
    if vendor is None:
        vendor = Vendor(slug=spec["slug"])
    for key, value in values.items():
        setattr(vendor, key, value)
    if spec["iban"] and (created or not vendor.iban_encrypted):
        vendor.iban_encrypted = crypto.encrypt(validate_iban(spec["iban"]).compact)
    if status == Vendor.Status.APPROVED and vendor.approved_at is None:
        vendor.approved_at = vendor.status_changed_at = timezone.now()
    vendor.save()
    VendorMember.objects.get_or_create(vendor=vendor, user=_owner(spec["owner"], tenant),
                                       defaults={"role": VendorRole.OWNER})  # fmt: skip
    if created:
        VendorStatusEvent.objects.create(vendor=vendor, to_status=Vendor.Status.PENDING,
                                         reason="Application submitted.")  # fmt: skip
        if status == Vendor.Status.APPROVED:
            VendorStatusEvent.objects.create(vendor=vendor, from_status=Vendor.Status.PENDING,
                                             to_status=status, reason="Demo data.",
                                             notified_at=timezone.now())  # fmt: skip
    return vendor, created


def seed(tenant: Tenant, *, stdout: Any) -> None:
    specs = DEMO_VENDORS.get(tenant.slug, [])
    pending = PENDING_VENDORS.get(tenant.slug)
    with atomic():
        for spec in specs:
            _upsert(spec, Vendor.Status.APPROVED, tenant)
        if pending:
            _upsert(pending, Vendor.Status.PENDING, tenant)
    names = ", ".join(spec["slug"] for spec in specs)
    stdout.write(f"  vendors: {names} (approved), {pending['slug'] if pending else '-'} (pending); "
                 f"{DEMO_VENDOR_EMAIL} owns {specs[0]['slug'] if specs else '-'}")  # fmt: skip
