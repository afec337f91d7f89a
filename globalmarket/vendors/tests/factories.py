import factory
from factory.django import DjangoModelFactory

from globalmarket.accounts.roles import VendorRole
from globalmarket.vendors.models import Vendor, VendorMember


class VendorFactory(DjangoModelFactory):
    """Create inside `use_tenant(...)` (or the in_eu / in_mena fixtures)."""

    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Vendor {n}")
    slug = factory.Sequence(lambda n: f"vendor-{n}")
    status = Vendor.Status.APPROVED
    country = "NL"
    address = factory.LazyFunction(
        lambda: {
            "street": "Kalverstraat 1",
            "city": "Amsterdam",
            "postal_code": "1012 AB",
            "country": "NL",
        }
    )
    contact_email = factory.Sequence(lambda n: f"vendor{n}@example.test")


class VendorMemberFactory(DjangoModelFactory):
    class Meta:
        model = VendorMember

    vendor = factory.SubFactory(VendorFactory)
    role = VendorRole.OWNER
