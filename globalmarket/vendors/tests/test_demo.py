import io

import pytest

from globalmarket.accounts.demo import seed as seed_accounts
from globalmarket.accounts.roles import VendorRole
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import crypto
from globalmarket.vendors.demo import DEMO_VENDOR_EMAIL, DEMO_VENDOR_SLUGS, seed
from globalmarket.vendors.models import Vendor, VendorMember, VendorStatusEvent

pytestmark = pytest.mark.django_db


def _counts():
    return (Vendor.objects.count(), VendorMember.objects.count(), VendorStatusEvent.objects.count())


@pytest.mark.parametrize(("region", "first", "countries"), [
    ("eu", "audiotech", {"NL", "DE", "BE", "FR"}),
    ("mena", "dubai-electronics", {"AE", "SA", "EG"}),
])  # fmt: skip
def test_demo_vendors_are_seeded_once(tenants, region, first, countries):
    tenant = tenants[region]
    with use_tenant(tenant):
        seed_accounts(tenant, stdout=io.StringIO())
        seed(tenant, stdout=io.StringIO())
        counts = _counts()
        seed(tenant, stdout=io.StringIO())
        assert _counts() == counts == (4, 4, 7)
        approved = list(Vendor.objects.filter(status="approved").order_by("pk"))
        assert [v.slug for v in approved] == DEMO_VENDOR_SLUGS[region]
        assert DEMO_VENDOR_SLUGS[region][0] == first
        assert Vendor.objects.filter(status="pending").count() == 1
        for vendor in approved:
            assert set(vendor.shipping_rates) == countries
            assert vendor.free_shipping_over is not None and vendor.free_shipping_over > 0
            assert crypto.decrypt(vendor.iban_encrypted)[-4:] == vendor.iban_last4
        owner = VendorMember.objects.get(vendor__slug=first, user__email=DEMO_VENDOR_EMAIL)
        assert owner.role == VendorRole.OWNER
